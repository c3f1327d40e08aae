// Lesson 18's check kinds: an Ed25519 DKIM key, its record (RFC 8463: p= is the raw
// 32-byte key), a second OpenDKIM that signs with it (OpenDKIM 2.11 signs every message of
// an instance with one SignatureAlgorithm), a mail signed with RSA and Ed25519 at once, and
// a key rotation: the new selector signs while the old record stays, then it is revoked.
// The course ends with the rotation done, so each check also passes on that final state.
import { z } from 'zod';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { digCommand, short, txtRows, zoneFor, zoneTxt } from './auth-common.js';
import { loadKey } from './auth-dkim.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { loadConfigApi, OPENDKIM_CONF, type SandboxEvent } from '../sandbox/api.js';
import { t } from '../i18n/messages.js';

const RSA = 'rsa-sha256';
const ED = 'ed25519-sha256';

/** The raw 32 bytes of an Ed25519 key's public half (the end of its SPKI DER). */
function rawPublic(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' }).subarray(-32);
}

async function loadEdKey(ctx: CheckContext, path: string): Promise<{ key: KeyObject; path: string } | { verdict: Verdict }> {
  const k = await loadKey(ctx, path, 0);
  if ('verdict' in k) {
    // the RSA lesson's words name its own tools: say how to make this key
    const key = { 'auth.dkim.keyMissing': 'dkim2.keyMissing', 'auth.dkim.notKey': 'dkim2.notKey' }[k.verdict.message.key];
    return key ? { verdict: fail(key, { path: ctx.ws.display(path) }) } : k;
  }
  if (k.key.asymmetricKeyType !== 'ed25519')
    return { verdict: fail('dkim2.keyNotEd25519', { path: k.path, seen: (k.key.asymmetricKeyType ?? '?').toUpperCase() }) };
  return { key: k.key, path: k.path };
}

export const ed25519Key = defineCheck({
  kind: 'dkim.ed25519-key',
  params: z.object({ path: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const k = await loadEdKey(ctx, p.path);
    if ('verdict' in k) return k.verdict;
    return pass('dkim2.keyOk', { path: k.path }, [`${k.path}: ED25519 (${rawPublic(k.key).length * 8} bits)`]);
  },
});

type RecordRead = { record: string; name: string; evidence: string[] } | { verdict: Verdict } | { none: true; name: string };

/** The TXT record at SELECTOR._domainkey.DOMAIN through the sandbox's DNS. */
async function readRecord(ctx: CheckContext, selector: string): Promise<RecordRead> {
  const name = `${selector}._domainkey.${ctx.vars.domain}`;
  const zs = await zoneFor(ctx, name);
  if (zs.broken) return { verdict: zs.broken };
  const got = await txtRows(ctx, name);
  if ('verdict' in got) return got;
  if (!got.rows.length) return { none: true, name };
  const record = got.rows.find((r) => /(^|;)\s*p=/.test(r)) ?? got.rows[0];
  return { record, name, evidence: [`${name} TXT "${short(record, 90)}"`] };
}

/** Why an Ed25519 record does not publish this key; undefined when it does. */
async function edRecordProblem(ctx: CheckContext, selector: string, key?: KeyObject, keyPath = ''): Promise<Verdict | undefined> {
  const r = await readRecord(ctx, selector);
  if ('verdict' in r) return r.verdict;
  const domain = ctx.vars.domain;
  if ('none' in r) {
    const zs = await zoneFor(ctx, r.name);
    const file = zs.file;
    const txt = zoneTxt(zs.zone);
    // a relative name written with the domain and no final dot: SELECTOR._domainkey.DOMAIN.DOMAIN
    const near = [...txt.keys()].find((n) => n.startsWith(`${selector}._domainkey.`));
    if (near) return fail('dkim2.recordElsewhere', { name: r.name, seen: near, file }, [`${near} TXT`]);
    // this very key published under another name: the selector and the record's name disagree
    const want = key && `p=${rawPublic(key).toString('base64')}`;
    const other =
      want && [...txt].find(([n, v]) => n.endsWith(`._domainkey.${domain}`) && v.some((x) => x.replace(/\s+/g, '').includes(want)));
    if (other)
      return fail('dkim2.recordOtherSelector', { name: r.name, seen: other[0].slice(0, other[0].indexOf('._domainkey')), selector, file }, [
        `${other[0]} TXT`,
      ]);
    return fail('dkim2.recordMissing', { name: r.name, file }, [`${digCommand(ctx, r.name, 'TXT')}: (no answer)`]);
  }
  const { parseDkimRecord, ed25519PProblem } = await loadConfigApi();
  const parsed = parseDkimRecord(r.record);
  const file = (await zoneFor(ctx, r.name)).file;
  if (parsed.tags.v !== undefined && parsed.tags.v !== 'DKIM1')
    return fail('dkim2.recordNotDkim', { name: r.name, file, seen: parsed.tags.v }, r.evidence);
  const k = (parsed.tags.k ?? '').toLowerCase();
  if (k !== 'ed25519') return fail('dkim2.recordNotEd25519', { name: r.name, file, seen: k || 'rsa' }, r.evidence);
  if (parsed.tags.p === undefined) return fail('dkim2.recordNoP', { name: r.name, file }, r.evidence);
  const pr = ed25519PProblem(parsed.tags.p, key && rawPublic(key));
  if (pr.problem) return fail(`dkim2.p.${pr.problem}`, { name: r.name, file, bytes: pr.bytes, key: keyPath }, r.evidence);
  return undefined;
}

export const ed25519Record = defineCheck({
  kind: 'dkim.ed25519-record',
  params: z
    .object({
      selector: z.string().min(1),
      path: z.string().min(1),
      /** the key that replaces this one later in the lesson: once it publishes, this record may be revoked */
      successor: z
        .object({ selector: z.string().min(1), path: z.string().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  async run(ctx, p) {
    const k = await loadEdKey(ctx, p.path);
    if ('verdict' in k) return k.verdict;
    const name = `${p.selector}._domainkey.${ctx.vars.domain}`;
    const bad = await edRecordProblem(ctx, p.selector, k.key, k.path);
    if (bad?.message.key === 'dkim2.p.revoked' && p.successor && (await successorPublishes(ctx, p.successor)))
      return pass('dkim2.recordRetiredOk', { name, seen: p.successor.selector }, bad.evidence);
    if (bad) return bad;
    return pass('dkim2.recordOk', { name, key: k.path }, [`${name}: k=ed25519, p= 32 bytes = ${k.path}`]);
  },
});

async function successorPublishes(ctx: CheckContext, s: { selector: string; path: string }): Promise<boolean> {
  const k = await loadEdKey(ctx, s.path);
  return !('verdict' in k) && !(await edRecordProblem(ctx, s.selector, k.key, k.path));
}

const at = (file: string, c: { entries: Map<string, { name: string; value: string; line: number }> }, name: string) => {
  const e = c.entries.get(name.toLowerCase());
  return e ? `${file}:${e.line}: ${e.name} ${e.value}` : `${file}: (no ${name})`;
};

export const secondInstance = defineCheck({
  kind: 'dkim.second-instance',
  params: z.object({ file: z.string().min(1), selector: z.string().min(1), socket: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const file = p.file;
    const text = ctx.ws.readText(file);
    if (text === undefined) return fail('dkim2.instanceMissing', { file });
    const api = await loadConfigApi();
    const c = api.parseOpenDkimConf(text, file);
    const s = api.signerSettings(c);
    const domain = ctx.vars.domain;
    const ev = ['Domain', 'Selector', 'KeyFile', 'SignatureAlgorithm', 'Mode', 'Socket'].map((n) => at(file, c, n));
    const dup = c.duplicates.find((d) =>
      ['domain', 'selector', 'keyfile', 'mode', 'socket', 'signaturealgorithm'].includes(d.name.toLowerCase()),
    );
    if (dup) return fail('auth.dkim.confDuplicate', { file, name: dup.name, lines: dup.lines.join(', ') }, ev);
    const need = (name: string, wanted: string) => fail('auth.dkim.confMissing', { file, name, wanted }, ev);
    if (!s.domains.includes(domain))
      return s.domains.length
        ? fail('auth.dkim.confValue', { file, name: 'Domain', seen: s.domains.join(', '), wanted: domain }, ev)
        : need('Domain', domain);
    if (!s.selector) return need('Selector', p.selector);
    if (!s.keyFile) return need('KeyFile', `/etc/opendkim/keys/${domain}/${p.selector}.private`);
    const k = await loadEdKey(ctx, s.keyFile);
    if ('verdict' in k) return k.verdict;
    if (s.algorithm !== 'ed25519-sha256') return fail('dkim2.algorithm', { file, seen: s.algorithm }, ev);
    if (!s.mode.includes('s')) return fail('auth.dkim.modeNoSign', { file, seen: s.mode }, ev);
    if (!s.socket) return need('Socket', p.socket);
    const main = ctx.ws.readText(OPENDKIM_CONF);
    const mainSocket = main === undefined ? undefined : api.signerSettings(api.parseOpenDkimConf(main)).socket;
    const mine = api.parseOpenDkimSocket(s.socket);
    const theirs = mainSocket ? api.parseOpenDkimSocket(mainSocket) : undefined;
    if (!mine) return fail('auth.dkim.confValue', { file, name: 'Socket', seen: s.socket, wanted: p.socket }, ev);
    if (theirs && mine.kind === 'inet' && theirs.kind === 'inet' && mine.port === theirs.port)
      return fail('dkim2.sameSocket', { file, socket: s.socket, conf: OPENDKIM_CONF, wanted: p.socket }, ev);
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const w = api.milterWiring(cf, main === undefined ? undefined : api.parseOpenDkimConf(main), [s.socket]);
    const mw = [`${MAIN_CF}: smtpd_milters = ${w.smtpd.join(', ')}`, `${MAIN_CF}: non_smtpd_milters = ${w.nonSmtpd.join(', ')}`, ...ev];
    const postfixForm = mine.kind === 'inet' ? `inet:localhost:${mine.port}` : s.socket;
    if (!w.smtpd.some((m) => api.reachesAny(m, [s.socket!])))
      return fail('dkim2.milterMissing', { file: MAIN_CF, seen: w.smtpd.join(', '), wanted: postfixForm, conf: file }, mw);
    if (!w.reaches)
      return fail('dkim2.milterLostFirst', { file: MAIN_CF, seen: w.smtpd.join(', '), socket: mainSocket ?? '', conf: OPENDKIM_CONF }, mw);
    if (!w.nonSmtpd.some((m) => api.reachesAny(m, [s.socket!])))
      return fail('auth.dkim.nonSmtpd', { file: MAIN_CF, seen: w.nonSmtpd.join(', ') }, mw);
    return pass('dkim2.instanceOk', { file, selector: s.selector, socket: s.socket }, mw);
  },
});

/** The signatures the sandbox added to the last mail it signed for the domain, one event each. */
function lastSigned(ctx: CheckContext): SandboxEvent[] {
  const d = ctx.vars.domain.toLowerCase();
  const signed = ctx.events().filter((e) => e.type === 'dkim.sign' && e.domain === d);
  const last = signed[signed.length - 1];
  return last ? signed.filter((e) => e.queueId === last.queueId) : [];
}

const algOf = (e: SandboxEvent) => String(e.algorithm ?? RSA);
const row = (e: SandboxEvent) => {
  const v = e.verify as { result: string; comment?: string };
  return `${String(e.queueId)}: DKIM-Signature a=${algOf(e)} s=${String(e.selector)} → dkim=${v.result}${v.comment ? ` (${v.comment})` : ''}`;
};

/** Both algorithms on the last signed mail, each verifying; the Ed25519 one with the wanted selector. */
async function dualProblem(ctx: CheckContext, sigs: SandboxEvent[], edSelector?: string): Promise<Verdict | undefined> {
  const ev = sigs.map(row);
  // an OpenDKIM that cannot sign tempfails: the mail sent after the last signed one was refused
  const all = ctx.events();
  const refused = [...all].reverse().find((e) => e.type === 'reject' && e.stage === 'opendkim');
  const d = ctx.vars.domain.toLowerCase();
  const lastSign = all.map((e, i) => (e.type === 'dkim.sign' && e.domain === d ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  if (refused && all.indexOf(refused) > lastSign) {
    const notes = refused.decisions as { result?: string; key?: string; params?: Record<string, string> }[] | undefined;
    const note = notes?.find((n) => n.result === 'tempfail');
    const reply = `${String(refused.code)} ${String(refused.enhanced)} ${String(refused.text)}`;
    return fail('dkim2.signRefused', { reply, why: note?.key ? t(ctx.lang, note.key, note.params ?? {}) : '' }, [
      `${String(refused.queueId ?? '')}: ${reply}`,
    ]);
  }
  if (!sigs.length) return fail('auth.dkim.noSignedMail', { domain: ctx.vars.domain, port: ctx.probe.ports.smtp });
  const missing = [RSA, ED].find((a) => !sigs.some((e) => algOf(e) === a));
  if (missing)
    return fail(missing === ED ? 'dkim2.noEd25519Signature' : 'dkim2.noRsaSignature', { seen: algOf(sigs[0]), missing, file: MAIN_CF }, ev);
  const { dkimWhy } = await loadConfigApi();
  for (const e of sigs) {
    const v = e.verify as { result: string; comment?: string };
    if (v.result === 'pass') continue;
    const why = dkimWhy({ result: v.result, comment: v.comment, domain: String(e.domain), selector: String(e.selector) });
    return fail(
      'dkim2.notVerified',
      { alg: algOf(e), selector: String(e.selector), seen: v.result, why: t(ctx.lang, why.key, why.params) },
      ev,
    );
  }
  const ed = sigs.find((e) => algOf(e) === ED)!;
  if (edSelector && ed.selector !== edSelector)
    return fail('dkim2.stillOldSelector', { seen: String(ed.selector), wanted: edSelector, file: String(ed.conf ?? '') }, ev);
  return undefined;
}

export const dualSigned = defineCheck({
  kind: 'dkim.dual-signed',
  params: z.object({}).strict(),
  async run(ctx) {
    const sigs = lastSigned(ctx);
    const bad = await dualProblem(ctx, sigs);
    if (bad) return bad;
    // some verifiers (this sandbox's among them) also read an SPKI p=: the record must still be RFC 8463's
    const ed = sigs.find((e) => algOf(e) === ED)!;
    const rec = await edRecordProblem(ctx, String(ed.selector));
    if (rec) return rec;
    return pass('dkim2.dualOk', { domain: ctx.vars.domain, selectors: sigs.map((e) => String(e.selector)).join(', ') }, sigs.map(row));
  },
});

export const rotated = defineCheck({
  kind: 'dkim.rotated',
  params: z.object({ oldSelector: z.string().min(1), newSelector: z.string().min(1), path: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const k = await loadEdKey(ctx, p.path);
    if ('verdict' in k) return k.verdict;
    const rec = await edRecordProblem(ctx, p.newSelector, k.key, k.path);
    if (rec) return rec;
    const sigs = lastSigned(ctx);
    const bad = await dualProblem(ctx, sigs, p.newSelector);
    if (bad) return bad;
    // mail signed with the old key may still be on its way, or read again later
    const old = await readRecord(ctx, p.oldSelector);
    if ('verdict' in old) return old.verdict;
    const { parseDkimRecord } = await loadConfigApi();
    // revoked (p= empty) is the next step's state: the course ends there
    if ('none' in old || parseDkimRecord(old.record).tags.p === undefined)
      return fail(
        'dkim2.oldGoneTooSoon',
        { name: `${p.oldSelector}._domainkey.${ctx.vars.domain}`, file: `etc/bind/db.${ctx.vars.domain}` },
        'none' in old ? [] : old.evidence,
      );
    return pass('dkim2.rotatedOk', { seen: p.newSelector, old: p.oldSelector }, [...sigs.map(row), ...old.evidence]);
  },
});

export const retired = defineCheck({
  kind: 'dkim.retired',
  params: z.object({ oldSelector: z.string().min(1), newSelector: z.string().min(1), path: z.string().min(1) }).strict(),
  async run(ctx, p) {
    const name = `${p.oldSelector}._domainkey.${ctx.vars.domain}`;
    const file = `etc/bind/db.${ctx.vars.domain}`;
    const old = await readRecord(ctx, p.oldSelector);
    if ('verdict' in old) return old.verdict;
    if ('none' in old) return fail('dkim2.oldDeleted', { name, file });
    const { parseDkimRecord } = await loadConfigApi();
    const tags = parseDkimRecord(old.record).tags;
    if (tags.p === undefined) return fail('dkim2.oldNoP', { name, file }, old.evidence);
    if (tags.p !== '') return fail('dkim2.oldStillValid', { name, file }, old.evidence);
    const k = await loadEdKey(ctx, p.path);
    if ('verdict' in k) return k.verdict;
    const rec = await edRecordProblem(ctx, p.newSelector, k.key, k.path);
    if (rec) return rec;
    return pass('dkim2.retiredOk', { name, seen: p.newSelector }, old.evidence);
  },
});
