/**
 * The embedded scorer: the rules of rules.ts over one message, with the learner's
 * local.cf (required_score, score overrides, welcome/block lists), giving what
 * SpamAssassin's PerMsgStatus would: the hits in report order, the total rounded to
 * three decimals, spam or not, and the auto-learn verdict.
 *
 * Bayes: there is no token database in the sandbox. use_bayes/bayes_auto_learn are read
 * and decide what X-Spam-Status says (autolearn=disabled when off); when SpamAssassin
 * would learn, it says autolearn=unavailable — what a real spamd says when it has no
 * writable Bayes database — instead of pretending it learned.
 */
import { bodyView, fieldValue, get, parseMessage, type ParsedMessage } from './message.js';
import { ipPrivate, parseReceived, relayInfo, type RelayInfo } from './relays.js';
import { RULES, type AuthResults, type Rule, type RuleInput } from './rules.js';
import type { SaConf } from './localcf.js';

export interface Hit {
  name: string;
  score: number;
  area: string;
  describe: string;
  rule: Rule;
}

export interface ScoreResult {
  msg: ParsedMessage;
  /** rounded to 3 decimals, as SpamAssassin does before comparing */
  score: number;
  required: number;
  isSpam: boolean;
  /** in the order X-Spam-Report lists them */
  hits: Hit[];
  /** "no", "unavailable", "disabled" (+ " autolearn_force=no" when SpamAssassin adds it) */
  autolearn: string;
  relays: RelayInfo;
  /** the rendered body lines (Subject first), for _PREVIEW_ */
  rendered: string[];
}

/** Authentication-Results / Received-SPF written by this server (above the first untrusted hop). */
export function authResults(msg: ParsedMessage): AuthResults {
  const from = get(msg, 'From');
  const fromAddr = /<([^>]*)>/.exec(from)?.[1] ?? from.trim().split(/\s+/).pop() ?? '';
  const res: AuthResults = { dkim: [], fromDomain: (fromAddr.split('@')[1] ?? '').toLowerCase().replace(/>$/, '') };
  let internal = true;
  for (const h of msg.headers) {
    const name = h.name.toLowerCase();
    if (name === 'received') {
      // headers below the hop that brought the message in from outside were written by someone else
      const r = parseReceived(fieldValue(h));
      if (r && !(ipPrivate(r.ip) || r.auth)) internal = false;
      continue;
    }
    if (!internal) continue;
    const v = fieldValue(h).replace(/\s+/g, ' ');
    if (name === 'received-spf') {
      const m = /^\s*(pass|fail|softfail|neutral|none|permerror|temperror)\b/i.exec(v);
      if (m && res.spf === undefined) res.spf = m[1].toLowerCase();
    } else if (name === 'authentication-results') {
      for (const seg of v.split(';').slice(1)) {
        const m = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(seg);
        if (!m) continue;
        const method = m[1].toLowerCase();
        const result = m[2].toLowerCase();
        if (method === 'spf' && res.spf === undefined) res.spf = result;
        else if (method === 'dkim') res.dkim.push({ result, domain: (/header\.d=([^\s;]+)/i.exec(seg)?.[1] ?? '').toLowerCase() });
        else if (method === 'dmarc' && !res.dmarc) {
          const p = /\bp=([a-z]+)/i.exec(seg)?.[1] ?? /policy\.published-domain-policy=([a-z]+)/i.exec(seg)?.[1] ?? '';
          res.dmarc = { result, policy: p.toLowerCase() };
        }
      }
    }
  }
  return res;
}

/** SpamAssassin's rendered body: the Subject, then paragraphs with whitespace collapsed. */
function renderedLines(msg: ParsedMessage, text: string): string[] {
  const subject = (get(msg, 'Subject') || '') + '\n';
  const flat = text
    .replace(/\n+\s*\n+/g, '\x00')
    .replace(/\s+/g, ' ')
    .replace(/\x00/g, '\n');
  const out: string[] = [];
  for (const line of (subject + flat).split(/(?<=\n)/)) {
    let l = line;
    while (l.length > 2048) {
      const cut = l.lastIndexOf(' ', 2048) + 1 || 2048;
      out.push(l.slice(0, cut));
      l = l.slice(cut);
    }
    out.push(l);
  }
  return out;
}

export function scoreMessage(raw: Buffer | string | ParsedMessage, conf: SaConf): ScoreResult {
  const msg = typeof raw === 'object' && 'headers' in raw ? raw : parseMessage(raw);
  const view = bodyView(msg);
  const relays = relayInfo(msg);
  const rendered = renderedLines(msg, view.text);
  const input: RuleInput = {
    msg,
    body: rendered.join(''),
    bodyOnly: view.text,
    hasAttachment: view.hasAttachment,
    view,
    rendered,
    relays,
    conf,
    auth: authResults(msg),
    hits: new Set(),
  };
  const hits: Hit[] = [];
  let total = 0;
  for (const rule of RULES) {
    const score = conf.scores.get(rule.name) ?? rule.score;
    // a rule scored 0 is switched off, as in SpamAssassin
    if (score === 0) continue;
    let hit = false;
    try {
      hit = rule.test(input);
    } catch {
      hit = false;
    }
    if (!hit) continue;
    input.hits.add(rule.name);
    hits.push({ name: rule.name, score, area: rule.area, describe: rule.describe, rule });
    total += score;
  }
  const score = Number(total.toFixed(3));
  const isSpam = score >= conf.requiredScore;
  return { msg, score, required: conf.requiredScore, isSpam, hits, autolearn: autolearn(hits, isSpam, conf), relays, rendered };
}

function autolearn(hits: Hit[], isSpam: boolean, conf: SaConf): string {
  if (!conf.bayesAutoLearn || !conf.useBayes) return 'disabled';
  const counted = hits.filter((h) => !h.rule.tflags.some((f) => f === 'userconf' || f === 'noautolearn'));
  const points = counted.reduce((s, h) => s + h.score, 0);
  const body = counted.filter((h) => h.rule.kind === 'body' || h.rule.kind === 'rawbody').reduce((s, h) => s + h.score, 0);
  const head = counted.filter((h) => h.rule.kind === 'head').reduce((s, h) => s + h.score, 0);
  let learn: boolean | undefined;
  if (points < 0.1) learn = !isSpam ? true : undefined;
  else if (points >= 12) learn = isSpam && body >= 3 && head >= 3 ? true : undefined;
  return learn ? 'unavailable autolearn_force=no' : 'no autolearn_force=no';
}
