// OpenDKIM's signing side: which messages it signs (Mode s, the From domain in Domain, a
// trusted client), with which key, and what it logs. After signing, the sandbox checks the
// signature through the DNS as a receiver would, so the learner sees the whole loop.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Decision, MessageIn, StageContext } from '../pipeline.js';
import type { MainCf } from '../../postfix/main-cf.js';
import type { Workspace } from '../../workspace/workspace.js';
import { milterWiring, parseOpenDkimConf, signerSettings, type MilterWiring, type OpenDkimConf, type SignerSettings } from './opendkim-conf.js';
import { OPENDKIM_CONF } from '../names.js';
import { readPrivateKey } from './dkim-key.js';
import { signatureFor, verifyDkim } from './dkim.js';
import { fromDomains, header, prependHeaders } from './message.js';
import { trustedClient } from './trust.js';
import { noMatchLog } from './opendkim-log.js';
import { rethrowBug } from '../../util/errors.js';

export interface LoadedSigner {
  /** the configuration file this instance reads */
  file: string;
  conf?: OpenDkimConf;
  settings?: SignerSettings;
  wiring: MilterWiring;
  key?: KeyObject;
  bits?: number;
  /** why the key cannot be used: missing, unreadable, not a key, not secure */
  keyProblem?: 'noKeyFile' | 'missing' | 'notKey' | 'insecure' | 'outside';
  keyMode?: string;
}

export function loadSigner(ws: Workspace, cfg: MainCf, file = OPENDKIM_CONF, otherSockets: string[] = []): LoadedSigner {
  const text = ws.readText(file);
  const conf = text === undefined ? undefined : parseOpenDkimConf(text, file);
  const out: LoadedSigner = { file, conf, wiring: milterWiring(cfg, conf, otherSockets) };
  if (!conf) return out;
  const settings = signerSettings(conf);
  out.settings = settings;
  if (!settings.keyFile) return { ...out, keyProblem: 'noKeyFile' };
  let path: string;
  try {
    path = ws.resolve(settings.keyFile);
  } catch (e) {
    rethrowBug(e);
    return { ...out, keyProblem: 'outside' };
  }
  let pem: string;
  try {
    const st = statSync(path);
    out.keyMode = (st.mode & 0o777).toString(8).padStart(3, '0');
    pem = readFileSync(path, 'utf8');
    // RequireSafeKeys (on by default): a key others can read is refused
    if (st.mode & 0o077) return { ...out, keyProblem: 'insecure' };
  } catch (e) {
    rethrowBug(e);
    return { ...out, keyProblem: 'missing' };
  }
  const k = readPrivateKey(pem);
  if ('problem' in k) return { ...out, keyProblem: 'notKey' };
  return { ...out, key: k.key, bits: k.bits };
}

/** A second OpenDKIM, started with `opendkim -x /etc/opendkim-NAME.conf`: in the sandbox every such file runs. */
const EXTRA_CONF = /^opendkim-[A-Za-z0-9_.-]+\.conf$/;

/** The workspace paths of the other instances' files, in name order. */
export function extraOpenDkimConfs(ws: Workspace): string[] {
  try {
    return readdirSync(ws.resolve('etc')).filter((f) => EXTRA_CONF.test(f)).sort().map((f) => `etc/${f}`);
  } catch (e) {
    rethrowBug(e);
    return [];
  }
}

/** The Socket of each other instance (what main.cf may also list as a milter). */
export function extraOpenDkimSockets(ws: Workspace): string[] {
  return extraOpenDkimConfs(ws).flatMap((f) => {
    const text = ws.readText(f);
    const sock = text === undefined ? undefined : signerSettings(parseOpenDkimConf(text, f)).socket;
    return sock ? [sock] : [];
  });
}

/** Every OpenDKIM of the sandbox: etc/opendkim.conf first, then the others. */
export function loadInstances(ws: Workspace, cfg: MainCf): LoadedSigner[] {
  const extras = extraOpenDkimConfs(ws);
  const main = loadSigner(ws, cfg, OPENDKIM_CONF, extraOpenDkimSockets(ws));
  return [main, ...extras.map((f) => loadSigner(ws, cfg, f))];
}

/** The Domain entry that covers the From domain (itself, or a parent with SubDomains yes): the d= of the signature. */
export function signingDomain(d: string, s: SignerSettings): string | undefined {
  if (s.domains.includes(d)) return d;
  return s.subDomains ? s.domains.find((x) => d.endsWith('.' + x)) : undefined;
}

/** reason in English for logs and tests; key ("authres.why.sign.*") and params for the learner's language */
const n = (rule: string, result: string, reason: string, key: string, params: Record<string, string | number> = {}): Decision => ({ stage: 'opendkim', rule, result, reason, key, params });

/** tempfail: OpenDKIM could not sign and answers the milter with its On-InternalError default, tempfail */
export async function signOutgoing(msg: MessageIn, ctx: StageContext, signer: LoadedSigner): Promise<{ raw?: Buffer; notes: Decision[]; tempfail?: boolean }> {
  const s = signer.settings;
  const qid = msg.queueId;
  const pid = process.pid;
  if (!s) return { notes: [n('opendkim.conf', 'skip', 'etc/opendkim.conf is missing', 'authres.why.sign.noConf', { file: 'etc/opendkim.conf' })] };
  if (!trustedClient(msg.session, ctx.cfg)) {
    return { notes: [n('InternalHosts', 'skip', `${msg.session.client.addr} is not in mynetworks and did not authenticate: OpenDKIM verifies such mail, it does not sign it`, 'authres.why.sign.notTrusted', { addr: msg.session.client.addr })] };
  }
  if (!s.mode.includes('s')) return { notes: [n(`Mode ${s.mode}`, 'skip', 'Mode has no "s": OpenDKIM only verifies', 'authres.why.sign.verifyOnly', { mode: s.mode })] };
  const froms = fromDomains(msg.raw);
  const from = froms[0];
  const d = from ? signingDomain(from, s) : undefined;
  if (!from || !d) {
    if (from && s.logWhy) for (const line of noMatchLog(qid, from, d)) ctx.log(`opendkim[${pid}]: ${line}`);
    return { notes: [n(`Domain ${s.domains.join(',') || '(none)'}`, 'skip', `the From domain ${from ?? '(none)'} is not a Domain OpenDKIM signs for`, from ? 'authres.why.sign.otherDomain' : 'authres.why.sign.noFrom', { from: from ?? '', domains: s.domains.join(', ') })] };
  }
  if (!s.selector || !signer.key) {
    const why =
      !s.selector ? 'opendkim.conf has no Selector'
      : signer.keyProblem === 'insecure' ? `key data is not secure: ${s.keyFile} can be read or written by other users (mode ${signer.keyMode})`
      : signer.keyProblem === 'missing' ? `${s.keyFile}: open(): No such file or directory`
      : signer.keyProblem === 'noKeyFile' ? 'opendkim.conf has no KeyFile'
      : `${s.keyFile}: not a usable private key`;
    ctx.log(`opendkim[${pid}]: ${qid}: error loading key '${s.selector ?? ''}._domainkey.${d}': ${why}`);
    const key =
      !s.selector ? 'authres.why.sign.noSelector'
      : signer.keyProblem === 'insecure' ? 'authres.why.sign.keyInsecure'
      : signer.keyProblem === 'missing' ? 'authres.why.sign.keyMissing'
      : signer.keyProblem === 'noKeyFile' ? 'authres.why.sign.noKeyFile'
      : 'authres.why.sign.keyUnusable';
    return { notes: [n('KeyFile', 'skip', why, key, { file: s.keyFile ?? '', mode: signer.keyMode ?? '' })] };
  }
  // OpenDKIM 2.11 takes the algorithm from SignatureAlgorithm, not from the key (as a real one did):
  // an Ed25519 key under rsa-sha256 makes it fail the message; an RSA key under ed25519-sha256 is
  // used anyway, for a signature labelled a=ed25519-sha256 that no receiver can verify
  const wantEd = s.algorithm === 'ed25519-sha256';
  const isEd = signer.key.asymmetricKeyType === 'ed25519';
  if (isEd && !wantEd) {
    ctx.log(`opendkim[${pid}]: ${qid}: SSL error:0300007F:digital envelope routines::expecting an rsa key`);
    ctx.log(`opendkim[${pid}]: ${qid}: dkim_eom(): resource unavailable: EVP_PKEY_get1_RSA() failed`);
    const why = 'dkim_eom(): resource unavailable: EVP_PKEY_get1_RSA() failed';
    return { notes: [n('SignatureAlgorithm', 'tempfail', why, 'authres.why.sign.edKeyRsaAlgorithm', { file: s.keyFile ?? '', algorithm: s.algorithm, conf: signer.file })], tempfail: true };
  }
  let sig = await signatureFor(msg.raw, { domain: d, selector: s.selector, key: signer.key, canonicalization: s.canonicalization });
  const mislabelled = wantEd && !isEd;
  if (mislabelled) sig = sig.replace(/\ba=rsa-sha256;/, 'a=ed25519-sha256;');
  const raw = prependHeaders(msg.raw, [sig]);
  if (from !== d && s.logWhy) for (const line of noMatchLog(qid, from, d)) ctx.log(`opendkim[${pid}]: ${line}`);
  if (s.syslogSuccess) ctx.log(`opendkim[${pid}]: ${qid}: DKIM-Signature field added (s=${s.selector}, d=${d})`);
  const verdicts = await verifyDkim(raw, ctx.resolver);
  const v = verdicts.find((x) => x.selector === s.selector && x.domain === d) ?? verdicts[0];
  ctx.event({
    type: 'dkim.sign',
    session: msg.session.id,
    queueId: qid,
    domain: d,
    from,
    selector: s.selector,
    algorithm: wantEd ? 'ed25519-sha256' : 'rsa-sha256',
    conf: signer.file,
    canonicalization: s.canonicalization,
    bits: signer.bits,
    messageId: header(msg.raw, 'Message-ID'),
    subject: header(msg.raw, 'Subject'),
    verify: { result: v?.result ?? 'none', comment: v?.comment },
  });
  return {
    raw,
    notes: [
      n(`Domain ${d}, Selector ${s.selector}`, 'signed', `DKIM-Signature added with ${s.keyFile} (${s.canonicalization})`, 'authres.why.sign.signed', { file: s.keyFile ?? '', canonicalization: s.canonicalization }),
      n(`${s.selector}._domainkey.${d}`, v?.result ?? 'none', v?.result === 'pass' ? 'a receiver verifies the signature with the published key' : `a receiver could not verify it: ${v?.comment ?? 'no result'}`,
        v?.result === 'pass' ? 'authres.why.sign.verifies' : 'authres.why.sign.notVerified',
        { selector: s.selector, domain: d, result: v?.result ?? 'none' },
      ),
      ...(mislabelled
        ? [n('SignatureAlgorithm', 'signed', `${s.keyFile} is not an Ed25519 key: the signature says a=ed25519-sha256 but is made with the RSA key`, 'authres.why.sign.notEd25519Key', { file: s.keyFile ?? '', algorithm: s.algorithm, conf: signer.file })]
        : []),
    ],
  };
}
