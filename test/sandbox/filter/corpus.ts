// The scorer's corpus: messages in corpus/*.eml, local.cf variants in corpus/configs/*.cf,
// and what Debian's spamd 4.0.1 answered for each pair in corpus/expected/<config>/<message>.out
// (written by `npx tsx test/sandbox/filter/capture-spamd.mts`, compared by corpus.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
/** spamd gets `report_hostname` through --cf so _HOSTNAME_ does not depend on the machine */
export const REPORT_HOST = 'mail.alexdns.local';

export const messages = () =>
  readdirSync(CORPUS)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => ({ name: f.replace(/\.eml$/, ''), raw: readFileSync(join(CORPUS, f), 'latin1') }));

export const configs = () =>
  readdirSync(join(CORPUS, 'configs'))
    .filter((f) => f.endsWith('.cf'))
    .sort()
    .map((f) => ({ name: f.replace(/\.cf$/, ''), text: readFileSync(join(CORPUS, 'configs', f), 'utf8') }));

export const expectedPath = (config: string, message: string) => join(CORPUS, 'expected', config, `${message}.out`);

/**
 * What may differ between two runs of spamd itself: report_safe's date and random MIME
 * boundary, and the order of rules of equal priority in the report (Perl's hash order).
 */
export function normalize(s: string): string {
  return sortEntries(
    s
      .replace(/----------=_[0-9A-F]{8}\.[0-9A-F]{8}/g, '----------=_BOUNDARY')
      .replace(/(with SpamAssassin \(version [\d.]+\);\n\t)[^\n]+/g, '$1DATE')
      .replace(/^Received: from localhost by \S+\n(?=\twith SpamAssassin)/m, 'Received: from localhost by HOST\n'),
  );
}

function sortEntries(s: string): string {
  const lines = s.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    let isEntry: ((l: string) => boolean) | undefined;
    let isMore: ((l: string) => boolean) | undefined;
    if (lines[i] === 'X-Spam-Report: ') {
      isEntry = (l) => l.startsWith('\t* ') && !l.startsWith('\t*      ');
      isMore = (l) => l.startsWith('\t*      ');
    } else if (/^-{4} -{22} -+$/.test(lines[i])) {
      isEntry = (l) => /^[ -\d.]{4} \S/.test(l);
      isMore = (l) => l.startsWith(' '.repeat(28));
    }
    if (!isEntry || !isMore) continue;
    const entries: string[] = [];
    while (i + 1 < lines.length && (isEntry(lines[i + 1]) || (entries.length && isMore(lines[i + 1])))) {
      i++;
      if (isEntry(lines[i])) entries.push(lines[i]);
      else entries[entries.length - 1] += '\n' + lines[i];
    }
    out.push(...entries.sort());
  }
  return out.join('\n');
}
