// Lesson 09's published key on a real server (`mailsec check --ssh … --dns …`): the record its DNS
// serves at the selector of its opendkim.conf, judged as in the sandbox, and compared with the
// public half opendkim-genkey wrote beside the key (default.txt), read over ssh. The private key
// itself is never read: without its .txt the match is not checked remotely.
import { fail, pass, type CheckContext, type Verdict } from './types.js';
import { digCommand, short, txtRows, zoneFor } from './auth-common.js';
import { NOT_CHECKED_PREFIX } from './remote-modes.js';
import { loadConfigApi } from '../sandbox/api.js';

/** The record a zone snippet such as default.txt holds: its quoted strings, joined. */
function recordOf(snippet: string): string {
  const open = snippet.indexOf('(');
  const close = snippet.lastIndexOf(')');
  const body = open >= 0 && close > open ? snippet.slice(open + 1, close) : snippet;
  return [...body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
}

export async function publishedOnServer(ctx: CheckContext, selector: string, keyFile: string, domain: string): Promise<Verdict> {
  if (!ctx.probe.dnsHost) return fail(`${NOT_CHECKED_PREFIX}noDns`, {});
  const { parseDkimRecord } = await loadConfigApi();
  const name = `${selector}._domainkey.${domain}`;
  const { file } = await zoneFor(ctx, name);
  const txt = keyFile.replace(/\.private$/, '') + '.txt';
  const got = await txtRows(ctx, name);
  if ('verdict' in got) return got.verdict;
  if (!got.rows.length) return fail('auth.dkim.notPublished', { name, file, txt }, [`${digCommand(ctx, name, 'TXT')}: (no answer)`]);
  const rec = got.rows.find((r) => /(^|;)\s*p=/.test(r)) ?? got.rows[0];
  const ev = [`${name} TXT "${short(rec, 90)}"`];
  const parsed = parseDkimRecord(rec);
  const err = parsed.issues.find((i) => i.severity === 'error');
  if (err) return fail(`auth.dkim.record.${err.code}`, { name, file, detail: err.detail ?? '' }, ev);
  const snippet = ctx.ws.readText(txt);
  const mine = snippet === undefined ? undefined : parseDkimRecord(recordOf(snippet)).tags.p;
  if (!mine) return fail(`${NOT_CHECKED_PREFIX}dkimKey`, { name, bits: parsed.bits ?? '?', txt });
  ev.push(`${txt}: p=${short(mine, 60)}`);
  if (parsed.tags.p !== mine) return fail('auth.dkim.keyMismatch', { name, file, key: keyFile }, ev);
  return pass('auth.dkim.publishedOk', { name, bits: parsed.bits ?? '?', txt }, ev);
}
