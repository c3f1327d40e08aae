// Check kinds of the content-filtering lessons (06 SpamAssassin, 07 filters and rules):
// local.cf settings, the filter wired in master.cf, a mail that arrived marked up, the
// spamd log line the learner read, a header/body/access table, and a rule proven by a
// real mail refused with Postfix's answer.
import { z } from 'zod';
import { proveOnServer } from './filter-remote.js';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import type { CheckContext, Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { param, splitList } from '../postfix/main-cf.js';
import { parseMasterCf } from '../postfix/master-cf.js';
import { lookupAddress } from '../postfix/access.js';
import { deliveredNow, fieldValue, get, loadConfigApi, LOCAL_CF, parseMessage, SPAMC_CONF } from '../sandbox/api.js';
import { MASTER_CF } from '../postfix/defaults.js';
import { sessions } from './sessions.js';
import type { SandboxEvent } from '../sandbox/api.js';

import { MAIL_LOG } from '../postfix/defaults.js';
import { readWsTail, readWsText } from './ws-file.js';
import { shownValue } from '../i18n/messages.js';

/** The last `max` bytes of a log file (whole lines). */
// ---- spamassassin.localcf ---------------------------------------------------------

const NUMERIC_KEYS = new Set(['required_score', 'report_safe']);
const BOOL_KEYS = new Set(['use_bayes', 'bayes_auto_learn', 'fold_headers']);

/** compares a local.cf value as SpamAssassin reads it: 5 = 5.0, yes = 1 */
function sameValue(key: string, seen: string, wanted: string): boolean {
  if (NUMERIC_KEYS.has(key)) return /^[+-]?\d+(\.\d*)?$/.test(seen) && Number(seen) === Number(wanted);
  if (BOOL_KEYS.has(key)) return /^(yes|1)$/i.test(seen) === /^(yes|1)$/i.test(wanted) && /^(yes|1|no|0)$/i.test(seen);
  return seen.trim() === wanted.trim();
}

const localCfParams = z
  .object({
    /** setting → value; "rewrite_header Subject" names the header too */
    settings: z.record(z.string().regex(/^[a-z_]+( [A-Za-z]+)?$/), z.string()),
    path: z.string().default(LOCAL_CF),
  })
  .strict();

export const spamassassinLocalCf = defineCheck({
  kind: 'spamassassin.localcf',
  params: localCfParams,
  async run(ctx, p: z.infer<typeof localCfParams>) {
    const file = ctx.ws.display(p.path);
    const text = readWsText(ctx, p.path);
    if (text === undefined) return fail('file.missing', { path: file });
    const { parseLocalCf, settingOf } = await loadConfigApi();
    const cf = parseLocalCf(text, '/' + p.path.replace(/^\/+/, ''));
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    const evidence: string[] = [];
    for (const [name, wanted] of Object.entries(p.settings)) {
      const [key, header] = name.split(' ');
      const shownWanted = header ? `${header} ${wanted}` : wanted;
      const bad = cf.issues.find((i) => i.key === key && (!header || i.value.toLowerCase().startsWith(header.toLowerCase())));
      let s = settingOf(cf, key);
      if (header)
        s = [...cf.settings].reverse().find((x) => x.key === key && x.value.split(/\s+/)[0].toLowerCase() === header.toLowerCase());
      if (bad && (!s || bad.line > s.line))
        return fail('filter.localcfInvalid', { file, line: bad.line, text: bad.text }, [
          `${file}:${bad.line}: ${lines[bad.line - 1]?.trim()}`,
        ]);
      if (!s) {
        const re = new RegExp(`^\\s*#\\s*${key}\\b${header ? `\\s+${header}\\b` : ''}`, 'i');
        const commented = lines.findIndex((l) => re.test(l));
        if (commented >= 0)
          return fail('filter.localcfCommented', { file, line: commented + 1, name: key, wanted: shownWanted }, [
            `${file}:${commented + 1}: ${lines[commented].trim()}`,
          ]);
        return fail('filter.localcfMissing', { file, name: key, wanted: shownWanted });
      }
      const seen = header ? s.value.slice(s.value.split(/\s+/)[0].length).trim() : s.value;
      const ev = `${file}:${s.line}: ${lines[s.line - 1]?.trim()}`;
      if (!sameValue(key, seen, wanted))
        return fail(
          'filter.localcfValue',
          { file, line: s.line, name: key, seen: header ? `${header} ${seen}` : shownValue(seen), wanted: shownWanted },
          [ev],
        );
      evidence.push(ev);
    }
    return pass('filter.localcfOk', { file }, evidence);
  },
});

// ---- filter.wired -------------------------------------------------------------------

const wiredParams = z.object({ listener: z.enum(['smtp', 'submission', 'smtps']).default('smtp') }).strict();

export const filterWired = defineCheck({
  kind: 'filter.wired',
  params: wiredParams,
  async run(ctx, p: z.infer<typeof wiredParams>) {
    const main = readMainCf(ctx);
    if (!('entries' in main)) return main;
    const file = ctx.ws.display(MASTER_CF);
    const master = readWsText(ctx, MASTER_CF);
    if (master === undefined) return fail('file.missing', { path: file });
    const fatal = parseMasterCf(master, MASTER_CF).issues.find((i) => i.severity === 'fatal');
    if (fatal) return fail('filter.masterBroken', { file, line: fatal.line ?? 0, text: fatal.text });
    const { filterWiring } = await loadConfigApi();
    const w = filterWiring(main, master, readWsText(ctx, SPAMC_CONF));
    const lines = master.replace(/\r\n/g, '\n').split('\n');
    const ev: string[] = [];
    const svcLine = (n: number | undefined) => (n ? `${file}:${n}: ${lines[n - 1]?.trim()}` : undefined);
    if (w.service) ev.push(svcLine(w.service.line)!);
    if (w.mainCfLoop) {
      const e = main.entries.get('content_filter');
      return fail(
        'filter.mainCfLoop',
        { file: MAIN_CF, line: e?.line ?? 0, seen: param(main, 'content_filter') },
        e ? [`${MAIN_CF}:${e.line}: content_filter = ${e.value}`] : [],
      );
    }
    if (w.state === 'off') return fail('filter.notWired', { file });
    const problem = w.problems[0];
    if (problem) return fail(problem.key, { file, ...problem.params }, ev);
    if (!w.transports[p.listener]) return fail('filter.notOnSmtp', { file, listener: p.listener }, ev);
    if (w.origin[p.listener]) ev.unshift(w.origin[p.listener]!);
    return pass('filter.wiredOk', { file, name: w.transports[p.listener] }, ev);
  },
});

// ---- filter.delivered ---------------------------------------------------------------

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

const deliveredParams = z
  .object({
    /** the recipient (any when left out) */
    to: z.string().optional(),
    /** text that identifies the mail (e.g. part of GTUBE) */
    contains: z.string().min(1),
    /** the Subject it must arrive with */
    subject: z.string().optional(),
    /** header → regular expression its value must match */
    headers: z.record(z.string(), z.string()).default({}),
    /** the original message must not be wrapped as an attachment (report_safe 0) */
    inline: z.boolean().default(false),
  })
  .strict();

export const filterDelivered = defineCheck({
  kind: 'filter.delivered',
  params: deliveredParams,
  async run(ctx, p: z.infer<typeof deliveredParams>) {
    const events = ctx.events();
    const what = p.contains.length > 24 ? p.contains.slice(0, 24) + '…' : p.contains;
    const to = p.to ?? '';
    const delivered = events.filter((e) => e.type === 'delivered' && (!p.to || str(e.to).toLowerCase() === p.to.toLowerCase())).reverse();
    let found: { e: SandboxEvent; text: string } | undefined;
    for (const e of delivered) {
      const text = readWsText(ctx, deliveredNow(ctx.ws, str(e.path)));
      if (text?.includes(p.contains)) {
        found = { e, text };
        break;
      }
    }
    if (!found) {
      const rej = [...events]
        .reverse()
        .find(
          (e) =>
            e.type === 'reject' &&
            (!p.to || str(e.to).toLowerCase() === p.to.toLowerCase()) &&
            ['cleanup', 'rcpt', 'mail', 'data', 'content_filter'].includes(str(e.stage)),
        );
      if (rej)
        return fail('filter.mailRejected', {
          to: to || str(rej.to),
          code: Number(rej.code) || 0,
          text: `${str(rej.enhanced)} ${str(rej.text)}`.trim(),
        });
      return fail('filter.noMail', { to: to || '(any)', what });
    }
    const path = str(found.e.path);
    const msg = parseMessage(found.text);
    const head = (name: string) =>
      msg.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.raw.replace(/\n$/, ''));
    const evidence = [
      path,
      ...head('Subject'),
      ...msg.headers.filter((h) => /^X-Spam-(Flag|Status|Level|Score)$/i.test(h.name)).map((h) => h.raw.replace(/\n$/, '')),
    ];
    if (!msg.headers.some((h) => /^X-Spam-/i.test(h.name))) return fail('filter.notFiltered', { path }, evidence);
    if (p.inline) {
      const ct = get(msg, 'Content-Type');
      if (/x-spam-type=original/i.test(found.text) && /multipart\/mixed/i.test(ct)) return fail('filter.wrapped', { path }, evidence);
    }
    const status = get(msg, 'X-Spam-Status').replace(/\s+/g, ' ');
    const verdict = /^No, score=(-?[\d.]+) required=(-?[\d.]+)/.exec(status);
    if (verdict && (p.subject !== undefined || p.headers['X-Spam-Flag']))
      return fail('filter.notSpam', { path, score: verdict[1], required: verdict[2] }, evidence);
    if (p.subject !== undefined) {
      const seen = get(msg, 'Subject').trim();
      if (seen !== p.subject) return fail('filter.subjectWrong', { path, seen: shownValue(seen), wanted: p.subject }, evidence);
    }
    for (const [name, pattern] of Object.entries(p.headers)) {
      const f = msg.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase());
      if (!f.length) return fail('filter.headerMissing', { path, header: name }, evidence);
      const value = fieldValue(f[f.length - 1])
        .replace(/\s+/g, ' ')
        .trim();
      if (!new RegExp(pattern).test(value))
        return fail('filter.headerValue', { path, header: name, seen: value.slice(0, 120), wanted: pattern }, evidence);
    }
    return pass('filter.deliveredOk', { path, subject: get(msg, 'Subject').trim() }, evidence);
  },
});

// ---- filter.spam-log (the learner reads spamd's line) -------------------------------

export const filterSpamLog = defineCheck({
  kind: 'filter.spam-log',
  answered: 'text',
  params: z.object({}).strict(),
  async run(ctx) {
    const log = readWsTail(ctx, MAIL_LOG);
    // the step asks for the GTUBE mail's score: spam that arrives later (lesson 10's spoofed
    // mail) must not change the answer; each `identified spam` line is followed by its `result:`
    let last: string | undefined;
    let gtube: string | undefined;
    for (const l of (log ?? '').split('\n')) {
      if (/spamd: identified spam \(/.test(l)) last = l;
      else if (last && /spamd: result: Y .*\bGTUBE\b/.test(l)) gtube = last;
    }
    last = gtube ?? last;
    if (!last) return fail('filter.noSpamLog', { file: MAIL_LOG });
    const m = /identified spam \((-?[\d.]+)\/(-?[\d.]+)\)/.exec(last)!;
    const given = typeof ctx.answer === 'string' ? ctx.answer.trim() : Array.isArray(ctx.answer) ? ctx.answer.join(' ').trim() : '';
    if (!given) return fail('quiz.unanswered');
    const norm = given
      .replace(/,/g, '.')
      .replace(/\s+/g, '')
      .replace(/^\(|\)$/g, '');
    const [score, reqd] = norm.split('/');
    const ok = /^-?\d+(\.\d+)?$/.test(score) && Number(score) === Number(m[1]) && (reqd === undefined || Number(reqd) === Number(m[2]));
    if (!ok) return fail('filter.spamLogWrong', { given, file: MAIL_LOG });
    return pass('filter.spamLogOk', { score: m[1], required: m[2] }, [last]);
  },
});

// ---- filter.table: header_checks, body_checks, check_sender_access -------------------

const tableParams = z
  .object({
    /** the main.cf parameter: header_checks, body_checks, or a restriction list */
    param: z.string().regex(/^[a-z_]+$/),
    /** for a restriction list: the restriction that names the table (check_sender_access) */
    restriction: z.string().optional(),
    /** how the step writes it, shown when it is missing: "regexp:/etc/postfix/body_checks" */
    spec: z.string(),
    /** a line of a mail (body_checks/header_checks) or an address (access tables) */
    sample: z.string().min(1),
    /** what the table must answer: REJECT, WARN, DISCARD, OK */
    action: z.string().regex(/^[A-Z]+$/),
  })
  .strict();

export const filterTable = defineCheck({
  kind: 'filter.table',
  params: tableParams,
  async run(ctx, p: z.infer<typeof tableParams>) {
    const main = readMainCf(ctx);
    if (!('entries' in main)) return main;
    const entry = main.entries.get(p.param);
    const value = param(main, p.param);
    const wantedLine = p.restriction ? `${p.restriction} ${p.spec}` : p.spec;
    let spec: string | undefined;
    if (p.restriction) {
      const items = splitList(value);
      const i = items.findIndex((x) => x.toLowerCase() === p.restriction);
      spec = i >= 0 ? items[i + 1] : undefined;
    } else {
      spec = value.trim() || undefined;
    }
    const ev = entry ? [`${MAIN_CF}:${entry.line}: ${p.param} = ${entry.value}`] : [];
    if (!spec) return fail('filter.tableParamMissing', { file: MAIN_CF, name: p.param, wanted: wantedLine, seen: shownValue(value) }, ev);
    const { openTable } = await loadConfigApi();
    const { table, issues } = openTable(spec, ctx.ws, MAIN_CF, entry?.line);
    const bad = issues.find((i) => i.severity === 'fatal') ?? issues[0];
    if (!table) return fail('filter.tableOpen', { file: MAIN_CF, name: p.param, text: bad?.text ?? spec }, ev);
    if (bad) return fail('filter.tableBadLine', { file: bad.file, line: bad.line ?? 0, text: bad.text }, ev);
    const tableFile = table.file ? ctx.ws.display(table.file) : spec;
    // an access table is looked up as smtpd does (address, domain and parents, user@); a pattern table with the line
    const pattern = p.restriction ? undefined : table.lookup(p.sample);
    const { hit, key } = p.restriction ? lookupAddress(table, p.sample) : { hit: pattern, key: pattern?.key };
    if (!hit) return fail('filter.tableNoMatch', { table: tableFile, sample: p.sample, action: p.action }, ev);
    const action = hit.value.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    ev.push(`${tableFile}${hit.line ? `:${hit.line}` : ''}: ${key ?? ''} ${hit.value}`.trim());
    if (action !== p.action)
      return fail(
        'filter.tableAction',
        { table: tableFile, line: hit.line ?? 0, seen: shownValue(hit.value.trim()), wanted: p.action, sample: p.sample },
        ev,
      );
    return pass('filter.tableOk', { table: tableFile, sample: p.sample, value: hit.value.trim() }, ev);
  },
});

// ---- filter.proof: a rule proven with a real mail -----------------------------------

const RULE_PROOF = z.enum(['keyword', 'size', 'sender']);

/** the mail.log line that tells the same story (a reject with this text, or the size warning) */
function logLine(ctx: CheckContext, needle: string): string | undefined {
  const lines = (readWsTail(ctx, MAIL_LOG) ?? '').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].includes(needle)) return lines[i];
  return undefined;
}

const proofParams = z
  .object({
    rule: RULE_PROOF,
    /** keyword: the word in the body; sender: the refused domain */
    sample: z.string().optional(),
  })
  .strict();

export const filterProof = defineCheck({
  kind: 'filter.proof',
  params: proofParams,
  async run(ctx, p: z.infer<typeof proofParams>): Promise<Verdict> {
    // a real server: the check sends the proof itself
    if (ctx.remote) return proveOnServer(ctx, p.rule, p.sample ?? '');
    const events = ctx.events();
    const rejects = events.filter((e) => e.type === 'reject');
    const sample = (p.sample ?? '').toLowerCase();
    const done = (_e: SandboxEvent, reply: string, needle: string) => {
      const line = logLine(ctx, needle);
      return pass(`filter.proofOk.${p.rule}`, { reply }, line ? [reply, line] : [reply]);
    };
    if (p.rule === 'keyword') {
      const r = [...rejects].reverse().find((e) => e.stage === 'cleanup' && Number(e.code) >= 500);
      if (r) return done(r, `${r.code} ${str(r.enhanced)} ${str(r.text)}`, str(r.text));
      const got = events
        .filter((e) => e.type === 'delivered')
        .reverse()
        .find((e) => (readWsText(ctx, deliveredNow(ctx.ws, str(e.path))) ?? '').toLowerCase().includes(sample));
      if (got) return fail('filter.notRefused.keyword', { path: str(got.path), sample: p.sample ?? '' }, [str(got.path)]);
      return fail('filter.noProof.keyword', { sample: p.sample ?? '' });
    }
    if (p.rule === 'size') {
      const replies = events.filter(
        (e) => e.type === 'reply' && Number(e.code) === 552 && Array.isArray(e.lines) && String(e.lines[0]).startsWith('5.3.4'),
      );
      const r = replies[replies.length - 1];
      if (r) {
        const text = `552 ${String((r.lines as string[])[0])}`;
        return done(r, text, /too big/.test(text) ? 'queue file size limit exceeded' : 'Message size exceeds fixed limit');
      }
      const main = readMainCf(ctx);
      return fail('filter.noProof.size', { limit: 'entries' in main ? param(main, 'message_size_limit') : '?' });
    }
    // sender: refused by check_sender_access (or any sender restriction) at MAIL or RCPT
    const r = [...rejects]
      .reverse()
      .find(
        (e) =>
          Number(e.code) >= 500 && /sender address rejected/i.test(str(e.text)) && (!sample || str(e.from).toLowerCase().endsWith(sample)),
      );
    if (r) return done(r, `${r.code} ${str(r.enhanced)} ${str(r.text)}`, str(r.text));
    const byFrom = sessions(events)
      .filter((s) => s.events.some((e) => e.type === 'queued' && str(e.from).toLowerCase().endsWith(sample)))
      .pop();
    if (sample && byFrom) return fail('filter.notRefused.sender', { sample: p.sample ?? '' });
    return fail('filter.noProof.sender', { sample: p.sample ?? '' });
  },
});
