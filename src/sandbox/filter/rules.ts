/**
 * The rules the embedded scorer knows: SpamAssassin 4.0.1's own names, descriptions and
 * default scores (Debian's /usr/share/spamassassin). Scores are those of score set 0,
 * the set spamd uses with local tests only — the sandbox has no internet, and a real
 * spamd started with `-L` gives the same numbers, so the two can be compared byte for byte.
 *
 * Exception, said in the lesson: SPF_*, DKIM_* and DMARC_* are network rules (tflags net),
 * switched off in set 0. The sandbox's authentication layer has already done the DNS work
 * and written Authentication-Results / Received-SPF, so the scorer reads those results
 * (as SpamAssassin's SPF plugin does with an MTA's headers) and gives them their set 1
 * scores, as a SpamAssassin with network tests would.
 *
 * `order` reproduces the order in which spamd 4.0.1 lists hits in X-Spam-Report (the
 * priority of each rule and its dependencies), observed on the same messages.
 */
import { get, getAll, has, type BodyView, type ParsedMessage } from './message.js';
import { relaysText, type RelayInfo } from './relays.js';
import type { SaConf } from './localcf.js';
import { addrMatches } from './localcf.js';

export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

export interface AuthResults {
  spf?: string;
  dkim: { result: string; domain: string }[];
  dmarc?: { result: string; policy: string };
  fromDomain: string;
}

export interface RuleInput {
  msg: ParsedMessage;
  /** rendered body: the Subject line, then the decoded text parts */
  body: string;
  /** the decoded text parts without the Subject line */
  bodyOnly: string;
  hasAttachment: boolean;
  view: BodyView;
  /** SpamAssassin's rendered lines: the Subject, then one line per paragraph */
  rendered: string[];
  relays: RelayInfo;
  conf: SaConf;
  auth: AuthResults;
  /** rules already hit (metas look at them) */
  hits: Set<string>;
}

export type RuleGroup = 'content' | 'headers' | 'relays' | 'auth' | 'lists';

export interface Rule {
  name: string;
  describe: string;
  /** "BODY: " for body rules, "RAW: " for rawbody rules, "" for header and meta rules, as in X-Spam-Report */
  area: '' | 'BODY: ' | 'RAW: ';
  score: number;
  group: RuleGroup;
  /** tflags that matter here: nice (negative), userconf/noautolearn (not counted for auto-learning) */
  tflags: string[];
  /** where the hit is listed in the report, ascending */
  order: number;
  /** 'body'/'rawbody' count as body points when deciding auto-learning */
  kind: 'head' | 'body' | 'rawbody' | 'meta';
  test(r: RuleInput): boolean;
}

const INVALID_DATE_OK =
  /^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?\s*(?:[12]\d|3[01]|0?[1-9])\s+(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec)\s+(?:19[7-9]\d|2\d{3})\s+(?:[01]?\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60))?(?:\s+[AP]M)?(?:\s+(?:[+-][0-9]{4}|UT|[A-Z]{2,3}T|0000 GMT|"GMT"))?(?:\s*\(.*\))?\s*$/i;
// the weekday and month are (?i:...) in SpamAssassin; the rest is case-sensitive, close enough for dates

const external = (r: RuleInput) => relaysText(r.relays.untrusted);
const firstExternal = (r: RuleInput) => r.relays.untrusted[0]?.asString ?? '';

function subjectAllCaps(r: RuleInput): boolean {
  let s = get(r.msg, 'Subject').trim();
  s = s.replace(/^(?:(?:Re|Fwd|Fw|Aw|Antwort|WG|SV|VB|VS|VL):\s*)+/i, '');
  if (!/\s/.test(s)) return false;
  if (s.length < 10) return false;
  s = s.replace(/[^a-zA-Z]/g, '');
  return s.length > 0 && s === s.toUpperCase();
}

/** BodyEval::tvd_vertical_words: the highest spaces/non-spaces percentage of a rendered line over 5 characters */
function tvdVerticalWords(lines: string[]): number {
  let max = -1;
  for (const l0 of lines) {
    const l = l0.length;
    if (l <= 5) continue;
    const spaces = (l0.match(/ /g) ?? []).length;
    const non = l - spaces;
    const pct = spaces > non || non === 0 ? 100 : Math.trunc((100 * spaces) / non);
    if (pct > max) max = pct;
  }
  return max;
}

function fromAddr(r: RuleInput): string {
  const f = get(r.msg, 'From');
  return (/<([^>]*)>/.exec(f)?.[1] ?? f.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

const rule = (name: string, describe: string, score: number, group: RuleGroup, order: number, kind: Rule['kind'], test: Rule['test'], tflags: string[] = []): Rule => ({
  name,
  describe,
  area: kind === 'body' ? 'BODY: ' : kind === 'rawbody' ? 'RAW: ' : '',
  score,
  group,
  tflags,
  order,
  kind,
  test,
});

export const RULES: Rule[] = [
  // structure of the message (20_head_tests.cf, 20_meta_tests.cf)
  rule('MISSING_MID', 'Missing Message-Id: header', 0.552, 'headers', 10, 'meta', (r) => !has(r.msg, 'Message-Id')),
  rule('MISSING_FROM', 'Missing From: header', 1.0, 'headers', 11, 'meta', (r) => !has(r.msg, 'From')),
  rule('MISSING_DATE', 'Missing Date: header', 2.739, 'headers', 12, 'meta', (r) => !has(r.msg, 'Date')),
  rule('MISSING_SUBJECT', 'Missing Subject: header', 0.001, 'headers', 13, 'meta', (r) => !has(r.msg, 'Subject')),
  rule('NO_RECEIVED', 'Informational: message has no Received headers', -0.001, 'relays', 14, 'meta', (r) => !r.relays.hasReceived, ['nice', 'userconf']),
  rule('EMPTY_MESSAGE', 'Message appears to have no textual parts', 2.195, 'content', 15, 'meta', (r) => !r.hasAttachment && !/\S/.test(r.bodyOnly)),
  rule('ALL_TRUSTED', 'Passed through trusted hosts only via SMTP', -1.0, 'relays', 20, 'head', (r) => r.relays.trusted.length > 0 && !r.relays.untrusted.length && !r.relays.unparseable, ['nice', 'userconf']),
  rule('USER_IN_WELCOMELIST', "User is listed in 'welcomelist_from'", -100, 'lists', 21, 'head', (r) => addrMatches(r.conf.welcomelistFrom, fromAddr(r)), ['nice', 'userconf', 'noautolearn']),
  rule('USER_IN_BLOCKLIST', 'From: user is listed in the block-list', 100, 'lists', 22, 'head', (r) => addrMatches(r.conf.blocklistFrom, fromAddr(r)), ['userconf', 'noautolearn']),
  // content (20_body_tests.cf)
  rule('GTUBE', 'Generic Test for Unsolicited Bulk Email', 1000, 'content', 30, 'body', (r) => r.body.includes(GTUBE), ['userconf', 'noautolearn']),
  rule('MIME_HTML_ONLY', 'Message only has text/html MIME parts', 0.1, 'content', 31, 'body', (r) =>
    /^text\/html/i.test(get(r.msg, 'Content-Type')) ||
    (r.view.parts.some((p) => p.type === 'text/html') && !r.view.parts.some((p) => p.type === 'text/plain'))),
  rule('HTML_MESSAGE', 'HTML included in message', 0.001, 'content', 32, 'body', (r) => r.view.hasHtml),
  rule('MIME_QP_LONG_LINE', 'Quoted-printable line longer than 76 chars', 0.001, 'content', 33, 'rawbody', (r) =>
    r.view.parts.some((p) => p.cte === 'quoted-printable' && p.raw.split('\n').some((l) => l.length > 78))),
  rule('TVD_SPACE_RATIO', 'No description available.', 0.001, 'content', 34, 'meta', (r) => {
    const v = tvdVerticalWords(r.rendered);
    return v >= 0 && v < 10 && !/(?:[\x80-\xff].?){4}/.test(r.body) && !/\x1b\$B/.test(r.body) && !/=\?UTF-?8\?B\?/i.test(getAll(r.msg, 'Subject').join('\n'));
  }),
  // the relays that handed the message over (20_head_tests.cf, 20_dynrdns.cf, 72_active.cf)
  rule('RCVD_ILLEGAL_IP', 'Received: contains illegal IP address', 1.3, 'relays', 40, 'head', (r) =>
    / (?:by|ip)=(?=\d+\.\d+\.\d+\.\d+ )(?:(?:0|2(?:2[4-9]|[3-5]\d)|192\.0\.2|198\.51\.100|203\.0\.113)\.|(?:\d+\.){0,3}(?!(?:2(?:[0-4]\d|5[0-5])|[01]?\d\d?)\b))/.test(relaysText(r.relays.untrusted))),
  rule('HELO_LOCALHOST', 'No description available.', 2.639, 'relays', 41, 'head', (r) => /^[^\]]+ helo=localhost /i.test(external(r))),
  rule('FSL_HELO_NON_FQDN_1', 'No description available.', 2.361, 'relays', 42, 'head', (r) => /^[^\]]+ helo=[a-zA-Z0-9-_]+ /i.test(external(r))),
  rule('RDNS_LOCALHOST', 'Sender\'s public rDNS is "localhost"', 3.7, 'relays', 43, 'head', (r) => /^\[ ip=(?!127)\d+\.\d+\.\d+\.\d+ rdns=localhost(?:\.localdomain)? /i.test(firstExternal(r))),
  rule('RDNS_NONE', 'Delivered to internal network by a host with no rDNS', 2.399, 'relays', 44, 'meta', (r) => /^[^\]]+ rdns= /.test(firstExternal(r))),
  rule('NO_RELAYS', 'Informational: message was not relayed via SMTP', -0.001, 'relays', 50, 'head', (r) => !r.relays.trusted.length && !r.relays.untrusted.length && !r.relays.unparseable, ['nice', 'userconf']),
  rule('MSGID_SHORT', 'Message-ID is unusually short', 0.001, 'headers', 54, 'head', (r) =>
    [...getAll(r.msg, 'Message-Id'), ...getAll(r.msg, 'Resent-Message-Id')].some((v) => /^.{1,15}$|<.{0,4}@/.test(v.trim()))),
  rule('MISSING_HEADERS', 'Missing To: header', 0.915, 'headers', 51, 'head', (r) => get(r.msg, 'To') === '' && get(r.msg, 'Apparently-To') === ''),
  rule('INVALID_DATE', 'Invalid Date: header (not RFC 2822)', 1.701, 'headers', 52, 'head', (r) => has(r.msg, 'Date') && !INVALID_DATE_OK.test(get(r.msg, 'Date'))),
  rule('SUBJ_ALL_CAPS', 'Subject is all capitals', 0.5, 'headers', 53, 'head', subjectAllCaps),
  // authentication results written by the sandbox's SPF/DKIM/DMARC layer (set 1 scores, see above)
  rule('SPF_PASS', 'SPF: sender matches SPF record', -0.001, 'auth', 60, 'head', (r) => r.auth.spf === 'pass', ['nice', 'userconf']),
  rule('SPF_FAIL', 'SPF: sender does not match SPF record (fail)', 0.919, 'auth', 61, 'head', (r) => r.auth.spf === 'fail'),
  rule('SPF_SOFTFAIL', 'SPF: sender does not match SPF record (softfail)', 0.972, 'auth', 62, 'head', (r) => r.auth.spf === 'softfail'),
  rule('SPF_NEUTRAL', 'SPF: sender does not match SPF record (neutral)', 0.652, 'auth', 63, 'head', (r) => r.auth.spf === 'neutral'),
  rule('SPF_NONE', 'SPF: sender does not publish an SPF Record', 0.001, 'auth', 64, 'head', (r) => r.auth.spf === 'none'),
  rule('DKIM_SIGNED', 'Message has a DKIM or DK signature, not necessarily valid', 0.1, 'auth', 65, 'head', (r) => r.auth.dkim.some((d) => d.result !== 'none')),
  rule('DKIM_VALID', 'Message has at least one valid DKIM or DK signature', -0.1, 'auth', 66, 'head', (r) => r.auth.dkim.some((d) => d.result === 'pass'), ['nice']),
  rule('DKIM_VALID_AU', "Message has a valid DKIM or DK signature from author's domain", -0.1, 'auth', 67, 'head', (r) =>
    r.auth.dkim.some((d) => d.result === 'pass' && !!r.auth.fromDomain && (r.auth.fromDomain === d.domain || r.auth.fromDomain.endsWith('.' + d.domain))), ['nice']),
  rule('DMARC_PASS', 'DMARC pass policy', -0.001, 'auth', 70, 'head', (r) => r.auth.dmarc?.result === 'pass', ['nice']),
  rule('DMARC_REJECT', 'DMARC reject policy', 1.797, 'auth', 71, 'head', (r) => r.auth.dmarc?.result === 'fail' && r.auth.dmarc.policy === 'reject'),
  rule('DMARC_QUAR', 'DMARC quarantine policy', 1.198, 'auth', 72, 'head', (r) => r.auth.dmarc?.result === 'fail' && r.auth.dmarc.policy === 'quarantine'),
  rule('DMARC_NONE', 'DMARC none policy', 0.898, 'auth', 73, 'head', (r) => r.auth.dmarc?.result === 'fail' && r.auth.dmarc.policy === 'none'),
  rule('DMARC_MISSING', 'Missing DMARC policy', 0.001, 'auth', 74, 'head', (r) => r.auth.dmarc?.result === 'none'),
  // metas over the rules above
  rule('DKIM_INVALID', 'DKIM or DK signature exists, but is not valid', 0.1, 'auth', 80, 'meta', (r) => r.hits.has('DKIM_SIGNED') && !r.hits.has('DKIM_VALID')),
  rule('HELO_NO_DOMAIN', 'Relay reports its domain incorrectly', 1.0, 'relays', 81, 'meta', (r) => /^[^\]]+ helo=[^.]+ /.test(external(r)) && !r.hits.has('HELO_LOCALHOST')),
  rule('NO_HEADERS_MESSAGE', 'Message appears to be missing most RFC-822 headers', 0.001, 'headers', 82, 'meta', (r) =>
    ['MISSING_DATE', 'MISSING_HEADERS', 'NO_RECEIVED', 'NO_RELAYS', 'MISSING_MID'].every((n) => r.hits.has(n))),
];

export const RULE_NAMES = new Set(RULES.map((r) => r.name));
