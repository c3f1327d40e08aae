/**
 * How SpamAssassin 4.0.1 marks a message up (PerMsgStatus.pm: rewrite_no_report_safe,
 * rewrite_report_safe, _get_added_headers, _replace_tags, Util::wrap), ported line by line
 * so the X-Spam-* block comes out byte for byte as spamd writes it: the block above the
 * first header (after a leading Return-Path), folding with a TAB at 79 columns, the
 * report lines, X-Spam-Prev-Subject at the end of the header, and for report_safe 1/2
 * the original wrapped as a message/rfc822 (or text/plain) attachment.
 */
import type { SaConf } from './localcf.js';
import { get, parseMessage, type ParsedMessage } from './message.js';
import type { ScoreResult } from './scorer.js';

export const SA_VERSION = '4.0.1';
export const SA_SUBVERSION = '2024-03-25';

export interface MarkupOptions {
  /** _HOSTNAME_ (report_hostname wins); spamd uses the machine's name, the sandbox its myhostname */
  hostname: string;
  /** the machine's own name, in report_safe's Received line (report_hostname does not change it) */
  fqdn?: string;
  now?: Date;
  /** for the report_safe MIME boundary */
  random?: () => number;
}

/** Perl's sprintf("%.Nf"): like toFixed, but an exact tie rounds to even as C's printf does. */
export function fixed(n: number, digits: number): string {
  const f = 10 ** digits;
  const scaled = n * f;
  if (Math.abs(scaled - Math.trunc(scaled)) === 0.5 && Number.isFinite(scaled)) {
    const lo = Math.floor(scaled);
    const even = lo % 2 === 0 ? lo : lo + 1;
    return (even / f).toFixed(digits);
  }
  return n.toFixed(digits);
}

/** Perl's "%4.1f" / "%4.0f" for report lines. */
function pad(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Mail::SpamAssassin::Util::wrap */
export function wrap(text: string, prefix = '', first = '', length = 77, overflow = false, brk: RegExp = /(\s)/): string {
  const arr = text.split(brk);
  while (arr.length && arr[arr.length - 1] === '') arr.pop();
  if (first) arr.unshift(first);
  const tabLen = (s: string) => s.length + (s.match(/\t/g)?.length ?? 0) * 7;
  let pos = 0;
  let posMod = false;
  while (arr.length - 1 > pos) {
    let len = tabLen(arr[pos]);
    if (posMod && !overflow) len += tabLen(arr[pos + 1]);
    if (len <= length) {
      arr[pos] += arr.splice(pos + 1, 1)[0];
      posMod = true;
    } else {
      arr[pos] = arr[pos].replace(/\s+$/, '');
      pos++;
      posMod = false;
      arr.splice(pos, 0, prefix);
    }
  }
  return arr.join('\n');
}

function scoreText(s: number): string {
  return Math.abs(s) >= 10 ? pad(fixed(s, 0), 4) : pad(fixed(s, 1), 4);
}

function wrapDesc(desc: string, firstLen: number, prefix: string, width = 75): string {
  return wrap(desc, prefix, ' '.repeat(firstLen), width, false).replace(/^\s+/, '');
}

/** _REPORT_ and _SUMMARY_ as check_cleanup builds them. */
export function reportLines(r: ScoreResult): { report: string; summary: string } {
  let report = '';
  let summary = '';
  for (const h of r.hits) {
    const sc = scoreText(h.score);
    report += `* ${sc} ${h.name} ${h.area}${wrapDesc(h.describe, 4 + h.name.length + sc.length + h.area.length, '*      ')}\n`;
    summary += `${sc} ${h.name.padEnd(22)} ${h.area}${wrapDesc(h.describe, 3 + h.name.length + sc.length + h.area.length, ' '.repeat(28))}\n`;
  }
  return { report, summary };
}

const REPORT_TEMPLATE = [
  'Spam detection software, running on the system "_HOSTNAME_",',
  'has_YESNO(, NOT)_ identified this incoming email as_YESNO( possible,)_ spam.  The original',
  'message has been attached to this so you can view it or label',
  'similar future email.  If you have any questions, see',
  '_CONTACTADDRESS_ for details.',
  '',
  'Content preview:  _PREVIEW_',
  '',
  'Content analysis details:   (_SCORE_ points, _REQD_ required)',
  '',
  ' pts rule name              description',
  '---- ---------------------- --------------------------------------------------',
  '_SUMMARY_',
  '',
].join('\n');

const UNSAFE_REPORT_TEMPLATE = [
  'The original message was not completely plain text, and may be unsafe to',
  'open with some email clients; in particular, it may contain a virus,',
  'or confirm that your address can receive spam.  If you wish to view',
  'it, it may be safer to save it to a file and open it with an editor.',
  '',
].join('\n');

function preview(r: ScoreResult): string {
  const lines = r.rendered.slice(1);
  let str = '';
  let n = 3;
  while (str.length < 200 && lines.length && n-- > 0) str += lines.shift();
  str = str.replace(/^(.{200}).+$/gm, '$1 [...]');
  str = str.replace(/\n$/, '') + '\n';
  str = str.replace(/-----Original Message-----.*$/gm, '');
  str = str.replace(/This is a multi-part message in MIME format\./g, '');
  str = str.replace(/[-_*.]{10,}/g, '');
  str = str.replace(/\s+/g, ' ');
  str = wrap(str, '  ', 'Content preview:  ', 75, true);
  return str.replace(/^Content preview:\s+/, '');
}

function rfc822Date(d: Date): string {
  return d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_w, wd, day, mon, y, t) => `${wd}, ${Number(day)} ${mon} ${y} ${t} +0000`);
}

/** One tag-expanding context for a scored message. */
export class Tags {
  constructor(
    private r: ScoreResult,
    private conf: SaConf,
    private o: MarkupOptions,
  ) {}

  private yesno(arg?: string): string {
    let spam: string | undefined;
    let ham: string | undefined;
    if (arg !== undefined) {
      const i = arg.indexOf(',');
      spam = i < 0 ? arg : arg.slice(0, i);
      ham = i < 0 ? undefined : arg.slice(i + 1);
    }
    return this.r.isSpam ? (spam ?? 'Yes') : (ham ?? 'No');
  }

  score(padArg?: string): string {
    let s = fixed(this.r.score, 1);
    const rs = fixed(this.conf.requiredScore, 1);
    if (!this.r.isSpam && !(Number(s) < Number(rs))) s = String(Number((Number(rs) - 0.1).toFixed(10)));
    if (padArg !== undefined && /^(0+| +)$/.test(padArg)) {
      const count = padArg.length + 3 - s.length;
      if (count > 0) s = padArg.slice(0, count) + s;
    }
    return s;
  }

  get(tag: string, arg?: string): string | undefined {
    const r = this.r;
    switch (tag) {
      case 'YESNO':
        return this.yesno(arg);
      case 'YESNOCAPS':
        return this.yesno(arg).toUpperCase();
      case 'SCORE':
      case 'HITS':
        return this.score(arg);
      case 'REQD':
        return fixed(this.conf.requiredScore, 1);
      case 'VERSION':
        return SA_VERSION;
      case 'SUBVERSION':
        return SA_SUBVERSION;
      case 'RULESVERSION':
        return '';
      case 'HOSTNAME':
        return this.conf.reportHostname || this.o.hostname;
      case 'REMOTEHOSTNAME':
        return 'localhost';
      case 'REMOTEHOSTADDR':
        return '127.0.0.1';
      case 'LASTEXTERNALIP':
        return r.relays.untrusted[0]?.ip ?? '';
      case 'LASTEXTERNALRDNS':
        return r.relays.untrusted[0]?.rdns ?? '';
      case 'LASTEXTERNALHELO':
        return r.relays.untrusted[0]?.helo ?? '';
      case 'FIRSTTRUSTEDIP':
        return r.relays.trusted[r.relays.trusted.length - 1]?.ip ?? '';
      case 'CONTACTADDRESS':
        return this.conf.reportContact;
      case 'BAYES':
        return '0.5';
      case 'DATE':
        return rfc822Date(this.o.now ?? new Date());
      case 'STARS': {
        const n = Math.min(50, Math.trunc(r.score));
        return n > 0 ? (arg || '*').repeat(n) : '';
      }
      case 'AUTOLEARN':
        return r.autolearn;
      case 'TESTS':
        return r.hits.map((h) => h.name).sort().join(arg || ',') || 'none';
      case 'SUBTESTS':
        return 'none';
      case 'TESTSSCORES':
        return (
          r.hits
            .map((h) => h.name)
            .sort()
            .map((n) => `${n}=${r.hits.find((h) => h.name === n)!.score}`)
            .join(arg || ',') || 'none'
        );
      case 'PREVIEW':
        return preview(r);
      case 'REPORT':
        return '\n' + reportLines(r).report;
      case 'SUMMARY':
        return reportLines(r).summary;
      case 'SUBJPREFIX':
        return '';
      case 'HEADER':
        return arg ? get(r.msg, arg) : '';
      default:
        return undefined;
    }
  }

  replace(text: string): string {
    return text.replace(/_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\(.*?\))?)_/g, (whole, tag: string) => {
      if (/^ADDEDHEADER(?:HAM|SPAM|)$/.test(tag)) return whole;
      const m = /^([^(]+)(?:\((.*)\))?$/.exec(tag)!;
      const v = this.get(m[1], m[2]);
      return v === undefined ? whole : v;
    });
  }
}

/** RFC 2047 for a header line that is not plain printable ASCII (mime_encode_header). */
function mimeEncode(text: string): string {
  let out = '';
  for (const line0 of text.split(/(?<=\n)/)) {
    let line = line0;
    if (/^[\x09\x20-\x7E]*\r?\n?$/.test(line)) {
      out += line;
      continue;
    }
    let suffix = '';
    let prefix = '';
    const sm = /((?:^|[ \t])[\x09\x20-\x7E]*(?:\r?\n)?)$/.exec(line);
    if (sm) {
      suffix = sm[1];
      line = line.slice(0, line.length - suffix.length);
    }
    const pm = /^([\x09\x20-\x7E]*(?:[ \t]|$))/.exec(line);
    if (pm) {
      prefix = pm[1];
      line = line.slice(prefix.length);
    }
    if (line === '') {
      out += prefix + suffix;
      continue;
    }
    const bytes = Buffer.from(line, 'utf8');
    const enc = bytes.toString('latin1');
    const qpCount = (enc.match(/[=?_\x00-\x1F\x7F-\xFF]/g) ?? []).length;
    if (enc.length + qpCount * 2 <= (4 * Math.trunc(enc.length + 2)) / 3) {
      out += prefix + '=?UTF-8?Q?' + enc.replace(/[=?_\x00-\x20\x7F-\xFF]/g, (c) => (c === ' ' ? '_' : '=' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')));
    } else {
      out += prefix + '=?UTF-8?B?' + bytes.toString('base64');
    }
    out += '?=' + suffix;
  }
  return out;
}

function processHeader(name: string, template: string, tags: Tags, conf: SaConf): string {
  let data = tags.replace(template).replace(/(?:\r?\n)+$/, '');
  if (!conf.foldHeaders) return data.replace(/\n/g, ' ');
  if (data.includes('\n')) return data.replace(/\s*\n\s*/g, '\n\t');
  let hdr = wrap(`X-Spam-${name}!!${data}`, '\t', '', 79, false, /((?<=[\s,]))/);
  hdr = hdr.replace(/^\s*\n/gm, '');
  const i = hdr.indexOf('!!');
  return i < 0 ? hdr : hdr.slice(i + 2);
}

export function addedHeaders(r: ScoreResult, conf: SaConf, o: MarkupOptions): string {
  const tags = new Tags(r, conf, o);
  let out = '';
  for (const [name, template] of r.isSpam ? conf.headersSpam : conf.headersHam) {
    out += `X-Spam-${name}: ${mimeEncode(processHeader(name, template, tags, conf))}\n`;
  }
  return out;
}

/** Physical header lines with every X-Spam-* field (not X-Spam-Prev-*) removed, as SpamAssassin does first. */
function pristineLines(msg: ParsedMessage): string[] {
  const lines: string[] = [];
  for (const h of msg.headers) {
    if (/^X-Spam-(?!Prev-)/i.test(h.name)) continue;
    lines.push(...h.raw.split(/(?<=\n)/));
  }
  return lines;
}

/** report_safe 0: the original message with the X-Spam-* block and the rewritten headers. */
function rewriteNoReportSafe(r: ScoreResult, conf: SaConf, o: MarkupOptions): string {
  const msg = r.msg;
  const tags = new Tags(r, conf, o);
  const lines = pristineLines(msg);
  const hasSubject = msg.headers.some((h) => h.name.toLowerCase() === 'subject');
  let created = false;
  if (!hasSubject && conf.rewrite.Subject !== undefined) {
    lines.push('Subject: \n');
    created = true;
  }
  if (r.isSpam) {
    const n = lines.length;
    for (let i = 0; i < n; i++) {
      const m = /^(From|Subject|To):/i.exec(lines[i]);
      if (!m) continue;
      const hdr = (m[1][0].toUpperCase() + m[1].slice(1).toLowerCase()) as 'From' | 'Subject' | 'To';
      const tagTemplate = conf.rewrite[hdr];
      if (tagTemplate === undefined) continue;
      lines.push(created ? 'X-Spam-Prev-Subject: (nonexistent)\n' : 'X-Spam-Prev-' + lines[i]);
      let tag = tags.replace(tagTemplate).replace(/\n/g, ' ');
      if (hdr !== 'Subject') tag = `(${tag})`;
      const esc = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      lines[i] = lines[i].replace(new RegExp(`^([^:]+:)[ \\t]*(?:${esc} )?`, 'i'), (_w, p1: string) => `${p1} ${tag} `);
    }
  }
  let pre = '';
  if (lines.length && /^Return-Path:/i.test(lines[0])) {
    pre += lines.shift();
    while (lines.length && /^[ \t]/.test(lines[0])) pre += lines.shift();
  }
  pre += addedHeaders(r, conf, o);
  return pre + lines.join('') + msg.separator + msg.body;
}

function pristineHeader(msg: ParsedMessage, name: string): string | undefined {
  const n = name.toLowerCase();
  const all = msg.headers.filter((h) => h.name.toLowerCase() === n);
  if (!all.length) return undefined;
  return all[all.length - 1].raw.replace(/^[^:]*:[ \t]*/, '');
}

function report(tags: Tags): string {
  return tags.replace(REPORT_TEMPLATE).replace(/\n*$/, '\n\n');
}

/** report_safe 1 / 2: a new message carrying the report, the original attached. */
function rewriteReportSafe(r: ScoreResult, conf: SaConf, o: MarkupOptions, original: string): string {
  const msg = r.msg;
  const tags = new Tags(r, conf, o);
  let rep = report(tags);
  let from = pristineHeader(msg, 'From');
  let to = pristineHeader(msg, 'To');
  const cc = pristineHeader(msg, 'Cc');
  let subject = pristineHeader(msg, 'Subject');
  const msgid = pristineHeader(msg, 'Message-Id');
  const date = pristineHeader(msg, 'Date');
  if (conf.rewrite.Subject !== undefined) {
    subject ??= '\n';
    const tag = tags.replace(conf.rewrite.Subject).replace(/\n/g, ' ');
    const esc = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    subject = subject.replace(new RegExp(`^(?:${esc} )?`), () => `${tag} `);
  }
  const appendTag = (v: string | undefined, template: string, stripAll: boolean) => {
    const cur = v ?? '\n';
    const tag = tags.replace(template).replace(stripAll ? /\n+/g : /\n/g, stripAll ? '' : ' ');
    const nl = cur.endsWith('\n') ? '\n' : '';
    const body = nl ? cur.slice(0, -1) : cur;
    const esc = `(${tag})`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return body.replace(new RegExp(`(?:\\t${esc})?$`), () => `\t(${tag})`) + nl;
  };
  if (conf.rewrite.To !== undefined) to = appendTag(to, conf.rewrite.To, false);
  if (conf.rewrite.From !== undefined) from = appendTag(from, conf.rewrite.From, true);
  let out = '';
  if (from !== undefined) out += `From: ${from}`;
  if (to !== undefined) out += `To: ${to}`;
  if (cc !== undefined) out += `Cc: ${cc}`;
  if (subject !== undefined) out += `Subject: ${subject}`;
  if (date !== undefined) out += `Date: ${date}`;
  if (msgid !== undefined) out += `Message-Id: ${msgid}`;
  out += addedHeaders(r, conf, o);
  out = `Received: from localhost by ${o.fqdn ?? o.hostname}\n\twith SpamAssassin (version ${SA_VERSION});\n\t${rfc822Date(o.now ?? new Date())}\n` + out;
  const rnd = o.random ?? Math.random;
  const now = Math.floor((o.now ?? new Date()).getTime() / 1000);
  const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
  let boundary = `----------=_${hex8(now)}.${hex8(Math.floor(rnd() * 2 ** 32))}`;
  while (original.split('\n').some((l) => l === boundary || l === boundary + '--')) boundary += '/' + hex8(Math.floor(rnd() * 2 ** 32));
  const ct = get(msg, 'Content-Type');
  let disposition = 'inline';
  if (ct !== '' && !/text\/plain/i.test(ct)) {
    disposition = 'attachment';
    rep += tags.replace(UNSAFE_REPORT_TEMPLATE);
  }
  const type = conf.reportSafe > 1 ? 'text/plain' : 'message/rfc822';
  out +=
    'MIME-Version: 1.0\n' +
    `Content-Type: multipart/mixed; boundary="${boundary}"\n\n` +
    'This is a multi-part message in MIME format.\n\n' +
    `--${boundary}\n` +
    'Content-Type: text/plain; charset=UTF-8\n' +
    'Content-Disposition: inline\n' +
    'Content-Transfer-Encoding: 8bit\n\n' +
    `${rep}\n\n` +
    `--${boundary}\n` +
    `Content-Type: ${type}; x-spam-type=original\n` +
    'Content-Description: original message before SpamAssassin\n' +
    `Content-Disposition: ${disposition}\n` +
    'Content-Transfer-Encoding: 8bit\n\n';
  return out + original + `\n--${boundary}--\n\n`;
}

/**
 * The message spamd hands back for PROCESS: ham and report_safe 0 spam keep the original
 * with the X-Spam-* block; report_safe 1/2 spam is wrapped. Text in "\n" line endings.
 */
export function markup(r: ScoreResult, conf: SaConf, o: MarkupOptions, originalText?: string): string {
  if (r.isSpam && conf.reportSafe > 0) {
    const original = originalText ?? r.msg.headers.map((h) => h.raw).join('') + r.msg.separator + r.msg.body;
    return rewriteReportSafe(r, conf, o, original);
  }
  return rewriteNoReportSafe(r, conf, o);
}

/** Only the headers (spamc --headers / SPAMC HEADERS): the rewritten header block and blank line. */
export function markupHeaders(r: ScoreResult, conf: SaConf, o: MarkupOptions): string {
  const full = rewriteNoReportSafe(r, conf, o);
  const re = parseMessage(full);
  return re.headers.map((h) => h.raw).join('') + re.separator;
}

