// DKIM check kinds: the private key, opendkim.conf, the milter in main.cf, the public key
// in the DNS, and a mail the sandbox signed that verifies.
import { z } from 'zod';
import { readFileSync, statSync } from 'node:fs';
import { defineCheck } from './registry.js';
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { readMainCf, MAIN_CF } from './postfix.js';
import { txtRows, zoneFor, zoneTxt, short, digCommand } from './auth-common.js';
import { CANONICALIZATIONS, loadConfigApi, OPENDKIM_CONF, type ConfigApi, type OpenDkimConf, type SocketAddr } from '../sandbox/api.js';
import { t, NONE } from '../i18n/messages.js';
import type { KeyObject } from 'node:crypto';
import { rethrowBug } from '../util/errors.js';
import { NOT_CHECKED_PREFIX } from './remote-modes.js';

type KeyLoad = { key: KeyObject; bits: number; path: string } | { verdict: Verdict };

/** A private key file as OpenDKIM would load it: present, private to its owner, a usable key. */
export async function loadKey(ctx: CheckContext, path: string, minBits = 1024, fromConf = false): Promise<KeyLoad> {
  let full: string;
  try {
    full = ctx.ws.resolve(path);
  } catch (e) {
    rethrowBug(e);
    return { verdict: fail('workspace.outside', { path }) };
  }
  const shown = ctx.ws.display(path);
  let st;
  try {
    st = statSync(full);
  } catch (e) {
    rethrowBug(e);
    if (fromConf)
      return {
        verdict: fail('auth.dkim.keyFileMissing', {
          file: OPENDKIM_CONF,
          path,
          wanted: `/etc/opendkim/keys/${ctx.vars.domain}/default.private`,
        }),
      };
    return { verdict: fail('auth.dkim.keyMissing', { path: shown, domain: ctx.vars.domain }) };
  }
  if (!st.isFile()) return { verdict: fail('file.notFile', { path: shown }) };
  const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
  if (st.mode & 0o077) return { verdict: fail('auth.dkim.keyMode', { path: shown, mode }, [`${mode} ${shown}`]) };
  const { readPrivateKey } = await loadConfigApi();
  const k = readPrivateKey(readFileSync(full, 'utf8'));
  if ('problem' in k) {
    const key = {
      notKey: 'auth.dkim.notKey',
      notRsa: 'auth.dkim.notKey',
      encrypted: 'auth.dkim.keyEncrypted',
      public: 'auth.dkim.keyPublic',
    }[k.problem];
    return { verdict: fail(key, { path: shown }) };
  }
  if (k.bits < minBits) return { verdict: fail('auth.dkim.keyShort', { path: shown, bits: k.bits, min: minBits }) };
  return { key: k.key, bits: k.bits, path: shown };
}

export const dkimKey = defineCheck({
  kind: 'dkim.key',
  params: z.object({ path: z.string().min(1), minBits: z.number().int().min(512).default(1024) }).strict(),
  async run(ctx, p) {
    const k = await loadKey(ctx, p.path, p.minBits);
    if ('verdict' in k) return k.verdict;
    return pass('auth.dkim.keyOk', { path: k.path, bits: k.bits }, [`${k.path}: RSA ${k.bits} bits`]);
  },
});

async function readConf(ctx: CheckContext): Promise<OpenDkimConf | Verdict> {
  const text = ctx.ws.readText(OPENDKIM_CONF);
  if (text === undefined) return fail('file.missing', { path: OPENDKIM_CONF });
  return (await loadConfigApi()).parseOpenDkimConf(text);
}

const at = (c: OpenDkimConf, name: string) => {
  const e = c.entries.get(name.toLowerCase());
  return e ? `${OPENDKIM_CONF}:${e.line}: ${e.name} ${e.value}` : `${OPENDKIM_CONF}: (no ${name})`;
};

export const dkimConf = defineCheck({
  kind: 'dkim.conf',
  params: z
    .object({
      domain: z.string().default('{{domain}}'),
      /** the socket the step asks for, in OpenDKIM's form */
      socket: z.string().optional(),
    })
    .strict(),
  async run(ctx, p) {
    const c = await readConf(ctx);
    if (!('entries' in c)) return c;
    const file = OPENDKIM_CONF;
    const cfg = await loadConfigApi();
    const { parseOpenDkimSocket } = cfg;
    const s = cfg.signerSettings(c);
    const dup = c.duplicates.find((d) =>
      ['domain', 'selector', 'keyfile', 'mode', 'socket', 'canonicalization'].includes(d.name.toLowerCase()),
    );
    if (dup) return fail('auth.dkim.confDuplicate', { file, name: dup.name, lines: dup.lines.join(', ') });
    const need = (name: string, wanted: string) => fail('auth.dkim.confMissing', { file, name, wanted }, [at(c, name)]);
    if (!s.domains.length) return need('Domain', p.domain);
    if (!s.domains.includes(p.domain.toLowerCase()))
      return fail('auth.dkim.confValue', { file, name: 'Domain', seen: s.domains.join(', '), wanted: p.domain }, [at(c, 'Domain')]);
    if (!s.selector) return need('Selector', 'default');
    if (!/^[a-z0-9][a-z0-9.-]*$/i.test(s.selector))
      return fail('auth.dkim.confValue', { file, name: 'Selector', seen: s.selector, wanted: 'default' }, [at(c, 'Selector')]);
    if (!s.keyFile) return need('KeyFile', `/etc/opendkim/keys/${p.domain}/${s.selector}.private`);
    const k = await loadKey(ctx, s.keyFile, 1024, true);
    if ('verdict' in k) return k.verdict;
    if (!CANONICALIZATIONS.includes(s.canonicalization))
      return fail('auth.dkim.confValue', { file, name: 'Canonicalization', seen: s.canonicalization, wanted: 'relaxed/simple' }, [
        at(c, 'Canonicalization'),
      ]);
    if (!/^[sv]+$/.test(s.mode)) return fail('auth.dkim.confValue', { file, name: 'Mode', seen: s.mode, wanted: 'sv' }, [at(c, 'Mode')]);
    if (!s.mode.includes('s')) return fail('auth.dkim.modeNoSign', { file, seen: s.mode }, [at(c, 'Mode')]);
    if (!s.socket) return need('Socket', p.socket ?? 'inet:8891@localhost');
    const sock = parseOpenDkimSocket(s.socket);
    if (!sock)
      return fail('auth.dkim.confValue', { file, name: 'Socket', seen: s.socket, wanted: p.socket ?? 'inet:8891@localhost' }, [
        at(c, 'Socket'),
      ]);
    if (p.socket) {
      const want = parseOpenDkimSocket(p.socket);
      if (!want || !sameAddr(cfg, sock, want))
        return fail('auth.dkim.confValue', { file, name: 'Socket', seen: s.socket, wanted: p.socket }, [at(c, 'Socket')]);
    }
    return pass(
      'auth.dkim.confOk',
      { domain: s.domains.join(', '), selector: s.selector, socket: s.socket },
      ['Domain', 'Selector', 'KeyFile', 'Canonicalization', 'Mode', 'Socket'].map((n) => at(c, n)),
    );
  },
});

function sameAddr(cfg: ConfigApi, a: SocketAddr, b: SocketAddr): boolean {
  if (a.kind === 'inet' && b.kind === 'inet')
    return a.port === b.port && (a.host === b.host || [a.host, b.host].every((h) => ['localhost', '127.0.0.1', '*'].includes(h)));
  return a.kind === b.kind && cfg.sameSocket(a, b);
}

/** OpenDKIM's Socket written the way main.cf names it: inet:8891@localhost → inet:localhost:8891. */
function postfixForm(cfg: ConfigApi, socket: string | undefined): string {
  const s = socket ? cfg.parseOpenDkimSocket(socket) : undefined;
  if (!s) return 'inet:localhost:8891';
  if (s.kind === 'inet') return `inet:${s.host === '*' ? 'localhost' : s.host}:${s.port}`;
  return s.path.startsWith('/var/spool/postfix/') ? `unix:${s.path.slice('/var/spool/postfix/'.length)}` : `unix:${s.path}`;
}

export const dkimMilter = defineCheck({
  kind: 'dkim.milter',
  params: z.object({}).strict(),
  async run(ctx) {
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const c = await readConf(ctx);
    if (!('entries' in c)) return c;
    const cfg = await loadConfigApi();
    const w = cfg.milterWiring(cf, c, cfg.extraOpenDkimSockets(ctx.ws));
    const want = postfixForm(cfg, w.socket);
    const ev = [
      `${MAIN_CF}: smtpd_milters = ${w.smtpd.join(', ')}`,
      `${MAIN_CF}: non_smtpd_milters = ${w.nonSmtpd.join(', ')}`,
      at(c, 'Socket'),
    ];
    if (!w.smtpd.length) return fail('auth.dkim.noMilter', { file: MAIN_CF, wanted: want }, ev);
    const opendkimForm = w.smtpd.find((m) => /^inet:\d+@/i.test(m));
    if (!w.reaches && opendkimForm) return fail('auth.dkim.milterNotation', { file: MAIN_CF, seen: opendkimForm, wanted: want }, ev);
    if (!w.reaches)
      return fail(
        'auth.dkim.socketMismatch',
        { file: MAIN_CF, seen: w.smtpd.join(', '), socket: w.socket ?? NONE, conf: OPENDKIM_CONF, wanted: want },
        ev,
      );
    if (!w.nonSmtpdReaches) return fail('auth.dkim.nonSmtpd', { file: MAIN_CF, seen: w.nonSmtpd.join(', ') }, ev);
    if (w.dangling.length) return fail('auth.dkim.danglingMilter', { file: MAIN_CF, milter: w.dangling[0], action: w.defaultAction }, ev);
    if (w.defaultAction !== 'accept')
      return fail('auth.dkim.defaultAction', { file: MAIN_CF, seen: w.defaultAction }, [
        ...ev,
        `${MAIN_CF}: milter_default_action = ${w.defaultAction}`,
      ]);
    return pass('auth.dkim.milterOk', { milter: w.reaches }, ev);
  },
});

/** The record a zone snippet such as default.txt holds: its quoted strings, joined. */
function recordOf(snippet: string): string {
  const open = snippet.indexOf('(');
  const close = snippet.lastIndexOf(')');
  const body = open >= 0 && close > open ? snippet.slice(open + 1, close) : snippet;
  return [...body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
}

/** The key the published record must carry (p=), the .txt beside the key, and how the key is named. */
type PublicHalf = { p?: string; bits?: number; path: string; txt: string; shown?: string };

/**
 * The public half of OpenDKIM's key: from the private key in the workspace; on a real server, from
 * the .txt opendkim-genkey wrote beside it, read over ssh (the private key never is; p undefined
 * when that .txt is not there to read).
 */
async function publicHalf(ctx: CheckContext, keyFile: string): Promise<PublicHalf | { verdict: Verdict }> {
  const { parseDkimRecord, publicB64Of } = await loadConfigApi();
  if (ctx.remote) {
    const txt = keyFile.replace(/\.private$/, '') + '.txt';
    const snippet = ctx.ws.readText(txt);
    const p = snippet === undefined ? undefined : parseDkimRecord(recordOf(snippet)).tags.p;
    return { p, path: keyFile, txt, shown: p && `${txt}: p=${short(p, 60)}` };
  }
  const k = await loadKey(ctx, keyFile, 1024, true);
  if ('verdict' in k) return k;
  return { p: publicB64Of(k.key), bits: k.bits, path: k.path, txt: k.path.replace(/\.private$/, '.txt') };
}

export const dkimPublished = defineCheck({
  kind: 'dkim.published',
  params: z.object({ domain: z.string().default('{{domain}}') }).strict(),
  async run(ctx, p) {
    const c = await readConf(ctx);
    if (!('entries' in c)) return c;
    const { signerSettings, parseDkimRecord } = await loadConfigApi();
    const s = signerSettings(c);
    if (!s.selector) return fail('auth.dkim.confMissing', { file: OPENDKIM_CONF, name: 'Selector', wanted: 'default' });
    if (!s.keyFile)
      return fail('auth.dkim.confMissing', {
        file: OPENDKIM_CONF,
        name: 'KeyFile',
        wanted: `/etc/opendkim/keys/${p.domain}/${s.selector}.private`,
      });
    // a real server's record is asked of its DNS (--dns)
    if (ctx.remote && !ctx.probe.dnsHost) return fail(`${NOT_CHECKED_PREFIX}noDns`, {});
    const k = await publicHalf(ctx, s.keyFile);
    if ('verdict' in k) return k.verdict;
    const name = `${s.selector}._domainkey.${p.domain}`;
    const zs = await zoneFor(ctx, name);
    if (zs.broken) return zs.broken;
    const got = await txtRows(ctx, name);
    if ('verdict' in got) return got.verdict;
    if (!got.rows.length) {
      const others = [...zoneTxt(zs.zone).keys()].filter((n) => n.endsWith(`._domainkey.${p.domain}`) && n !== name);
      if (others.length) {
        const published = others[0].slice(0, -`._domainkey.${p.domain}`.length);
        return fail('auth.dkim.selectorMismatch', { name, published, selector: s.selector, file: zs.file, conf: OPENDKIM_CONF }, [
          `${others[0]} TXT`,
          at(c, 'Selector'),
        ]);
      }
      return fail('auth.dkim.notPublished', { name, file: zs.file, txt: k.txt }, [`${digCommand(ctx, name, 'TXT')}: (no answer)`]);
    }
    const rec = got.rows.find((r) => /(^|;)\s*p=/.test(r)) ?? got.rows[0];
    const ev = [`${name} TXT "${short(rec, 90)}"`];
    const parsed = parseDkimRecord(rec);
    const err = parsed.issues.find((i) => i.severity === 'error');
    if (err) return fail(`auth.dkim.record.${err.code}`, { name, file: zs.file, detail: err.detail ?? '' }, ev);
    if (!k.p) return fail(`${NOT_CHECKED_PREFIX}dkimKey`, { name, bits: parsed.bits ?? '?', txt: k.txt });
    if (k.shown) ev.push(k.shown);
    if (parsed.tags.p !== k.p) return fail('auth.dkim.keyMismatch', { name, file: zs.file, key: k.path }, ev);
    return pass('auth.dkim.publishedOk', { name, bits: parsed.bits ?? k.bits ?? '?', txt: k.txt }, ev);
  },
});

export const dkimSigned = defineCheck({
  kind: 'dkim.signed',
  params: z.object({ domain: z.string().default('{{domain}}') }).strict(),
  async run(ctx, p) {
    const signed = ctx.events().filter((e) => e.type === 'dkim.sign' && e.domain === p.domain.toLowerCase());
    const last = signed[signed.length - 1];
    if (!last) return fail('auth.dkim.noSignedMail', { domain: p.domain, port: ctx.probe.ports.smtp });
    const v = last.verify as { result: string; comment?: string };
    const ev = [
      `${String(last.queueId)}: DKIM-Signature (s=${String(last.selector)}, d=${String(last.domain)}) → dkim=${v.result}${v.comment ? ` (${v.comment})` : ''}`,
    ];
    // mailauth's comment is English: the learner reads why in their language
    const { dkimWhy } = await loadConfigApi();
    const why = dkimWhy({ result: v.result, comment: v.comment, domain: String(last.domain), selector: String(last.selector) });
    if (v.result !== 'pass')
      return fail(
        'auth.dkim.signedNotVerified',
        { selector: String(last.selector), domain: p.domain, seen: v.result, why: t(ctx.lang, why.key, why.params) },
        ev,
      );
    return pass('auth.dkim.signedOk', { selector: String(last.selector), domain: p.domain }, ev);
  },
});
