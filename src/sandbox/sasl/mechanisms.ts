/**
 * Server side of the SASL mechanisms Postfix offers through Cyrus SASL with sasldb:
 * PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195) and DIGEST-MD5 (RFC 2831, historic
 * since RFC 6331). Challenges and failure texts are Cyrus's, as Postfix relays them.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { SaslDb } from './db.js';
import { verifyPassword } from './db.js';
import { cramMd5Digest } from './md5state.js';

export const MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'DIGEST-MD5'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

export type SaslStep =
  | { kind: 'challenge'; data: string }
  | { kind: 'success'; username: string }
  | { kind: 'failure'; username?: string; reason: string; detail: string; cyrus?: string };

export interface SaslContext {
  hostname: string;
  /** the DIGEST-MD5 realm: smtpd_sasl_local_domain, else the host name */
  realm: string;
  db(): SaslDb;
}

export interface SaslSession {
  mechanism: Mechanism;
  start(initial: string | undefined): Promise<SaslStep>;
  step(response: string): Promise<SaslStep>;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A response as Cyrus's sasl_decode64 reads it (Postfix 3.7.11 with Cyrus 2.1.28): the bytes,
 * or the reason it fails with: a length that is not a multiple of 4 is SASL_CONTINUE
 * ("another step is needed in authentication"), a character outside base64 SASL_BADPROT
 * ("bad protocol / cancel"). "=" alone is the empty initial response.
 */
export function decodeB64(s: string, initial = false): Buffer | string {
  const t = s.trim();
  if (initial && t === '=') return Buffer.alloc(0);
  if (t.length % 4 !== 0) return 'another step is needed in authentication';
  if (!B64.test(t)) return 'bad protocol / cancel';
  return Buffer.from(t, 'base64');
}

/** Postfix decodes an initial response before Cyrus sees it: the decoding's failure, if any. */
function initialError(initial: string): string | undefined {
  const raw = decodeB64(initial, true);
  return typeof raw === 'string' ? raw : undefined;
}

/** cyrus: what Cyrus SASL itself logs first ("warning: SASL authentication failure: ..."), when it logs anything */
const fail = (reason: string, detail: string, username?: string, cyrus?: string): SaslStep => ({ kind: 'failure', reason, detail, username, ...(cyrus ? { cyrus } : {}) });
const AUTH_FAILURE = 'authentication failure';

export function offeredMechanisms(options: string[]): Mechanism[] {
  if (options.includes('nodictionary') || options.includes('noactive')) return [];
  let m: Mechanism[] = [...MECHANISMS];
  if (options.includes('noplaintext')) m = m.filter((x) => x !== 'PLAIN' && x !== 'LOGIN');
  if (options.includes('mutual_auth')) m = m.filter((x) => x === 'DIGEST-MD5');
  return m;
}

export function createMechanism(name: string, ctx: SaslContext): SaslSession | undefined {
  switch (name.toUpperCase()) {
    case 'PLAIN':
      return plain(ctx);
    case 'LOGIN':
      return login(ctx);
    case 'CRAM-MD5':
      return cram(ctx);
    case 'DIGEST-MD5':
      return digest(ctx);
    default:
      return undefined;
  }
}

async function checkClear(ctx: SaslContext, user: string, password: string, mech: string): Promise<SaslStep> {
  const secrets = Object.prototype.hasOwnProperty.call(ctx.db().users, user) ? ctx.db().users[user] : undefined;
  // Cyrus 2.1.28 with sasldb logs this for PLAIN (unknown user or wrong password), nothing for LOGIN
  const cyrus = mech === 'PLAIN' ? 'Password verification failed' : undefined;
  if (!secrets) return fail(AUTH_FAILURE, `no user ${user} in etc/sasldb2.json (mailsec sandbox passwd ${user})`, user, cyrus);
  if (await verifyPassword(secrets, password)) return { kind: 'success', username: user };
  return fail(AUTH_FAILURE, `wrong password for ${user} (${mech})`, user, cyrus);
}

function plain(ctx: SaslContext): SaslSession {
  const finish = async (b64: string, initial: boolean): Promise<SaslStep> => {
    const raw = decodeB64(b64, initial);
    if (typeof raw === 'string') return fail(raw, 'the answer is not base64');
    const parts = raw.toString('utf8').split('\0');
    if (parts.length !== 3) return fail(AUTH_FAILURE, 'PLAIN expects authzid\\0authcid\\0password (two NUL bytes)');
    const [authzid, authcid, password] = parts;
    if (!authcid) return fail(AUTH_FAILURE, 'PLAIN: the user name (authcid) is empty');
    const step = await checkClear(ctx, authcid, password, 'PLAIN');
    // Cyrus checks the password first, then whether the user may act as the authzid (sasl_username is then the authzid)
    if (step.kind === 'success' && authzid && authzid !== authcid)
      return fail(AUTH_FAILURE, `PLAIN: ${authcid} may not act as ${authzid}`, authzid, 'Requested identity not authenticated identity');
    return step;
  };
  return {
    mechanism: 'PLAIN',
    start: async (initial) =>
      initial === undefined
        ? { kind: 'challenge', data: '' }
        : initial === '='
          ? fail('another step is needed in authentication', 'PLAIN: an empty initial response (=) carries no credentials')
          : finish(initial, true),
    step: (r) => finish(r, false),
  };
}

function login(ctx: SaslContext): SaslSession {
  let user: string | undefined;
  const takeUser = (b64: string, initial: boolean): SaslStep => {
    const raw = decodeB64(b64, initial);
    if (typeof raw === 'string') return fail(raw, 'the user name is not base64');
    user = raw.toString('utf8');
    return { kind: 'challenge', data: 'UGFzc3dvcmQ6' };
  };
  return {
    mechanism: 'LOGIN',
    start: async (initial) => (initial === undefined ? { kind: 'challenge', data: 'VXNlcm5hbWU6' } : takeUser(initial, true)),
    step: async (r) => {
      if (user === undefined) return takeUser(r, false);
      const raw = decodeB64(r);
      // Postfix fails the decoding before Cyrus knows the user: sasl_username=(unavailable)
      if (typeof raw === 'string') return fail(raw, 'the password is not base64');
      return checkClear(ctx, user, raw.toString('utf8'), 'LOGIN');
    },
  };
}

function cram(ctx: SaslContext): SaslSession {
  // like Cyrus: <random.timestamp@hostname>
  const challenge = `<${randomInt(1e9, 4e9)}.${randomInt(1e5, 1e6)}@${ctx.hostname}>`;
  return {
    mechanism: 'CRAM-MD5',
    start: async (initial) =>
      initial !== undefined && initial !== '=' && initial !== ''
        ? fail(initialError(initial) ?? AUTH_FAILURE, 'CRAM-MD5 takes no initial response')
        : { kind: 'challenge', data: Buffer.from(challenge).toString('base64') },
    step: async (r) => {
      const raw = decodeB64(r);
      if (typeof raw === 'string') return fail(raw, 'the answer is not base64');
      // Cyrus splits the answer at its last space: none, or nothing before it, is a protocol error
      const text = raw.toString('utf8');
      const space = text.lastIndexOf(' ');
      if (space <= 0) return fail('bad protocol / cancel', 'CRAM-MD5 expects "user hex-digest"', undefined, 'need authentication name');
      const [user, digest] = [text.slice(0, space), text.slice(space + 1)];
      const users = ctx.db().users;
      const secrets = Object.prototype.hasOwnProperty.call(users, user) ? users[user] : undefined;
      if (!secrets?.cramMd5) return fail(AUTH_FAILURE, `no user ${user} in etc/sasldb2.json (mailsec sandbox passwd ${user})`, user);
      const want = Buffer.from(cramMd5Digest(secrets.cramMd5, challenge), 'hex');
      if (/^[0-9a-fA-F]{32}$/.test(digest) && timingSafeEqual(want, Buffer.from(digest.toLowerCase(), 'hex'))) return { kind: 'success', username: user };
      return fail(AUTH_FAILURE, `the HMAC-MD5 of the challenge does not match ${user}'s password`, user, 'incorrect digest response');
    },
  };
}

/** Parses a DIGEST-MD5 directive list: key=value or key="quoted, value". */
export function parseDirectives(s: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /[\s,]/.test(s[i])) i++;
    if (i >= s.length) break;
    const k = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
    if (!k) return undefined;
    i += k[0].length;
    while (s[i] === ' ') i++;
    if (s[i] !== '=') return undefined;
    i++;
    while (s[i] === ' ') i++;
    let v = '';
    if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        v += s[i++];
      }
      if (s[i] !== '"') return undefined;
      i++;
    } else {
      const m = /^[^,]*/.exec(s.slice(i))!;
      v = m[0].trim();
      i += m[0].length;
    }
    const key = k[0].toLowerCase();
    if (out.has(key)) return undefined;
    out.set(key, v);
  }
  return out;
}

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest();
const hex = (b: Buffer) => b.toString('hex');

function digest(ctx: SaslContext): SaslSession {
  const nonce = randomBytes(24).toString('base64');
  const realm = ctx.realm;
  let rspauth: string | undefined;
  let user: string | undefined;
  return {
    mechanism: 'DIGEST-MD5',
    start: async (initial) => {
      if (initial !== undefined && initial !== '=' && initial !== '') return fail(initialError(initial) ?? AUTH_FAILURE, 'DIGEST-MD5 takes no initial response');
      const ch = `nonce="${nonce}",realm="${realm}",qop="auth",charset=utf-8,algorithm=md5-sess`;
      return { kind: 'challenge', data: Buffer.from(ch).toString('base64') };
    },
    step: async (r) => {
      if (rspauth !== undefined) {
        // the client acknowledges our rspauth with an empty response
        return { kind: 'success', username: user! };
      }
      const raw = decodeB64(r);
      if (typeof raw === 'string') return fail(raw, 'the answer is not base64');
      const d = parseDirectives(raw.toString('utf8'));
      if (!d) return fail(AUTH_FAILURE, 'DIGEST-MD5: the answer is not a list of directives');
      const username = d.get('username');
      const response = d.get('response');
      const cnonce = d.get('cnonce');
      const nc = d.get('nc') ?? '';
      const qop = d.get('qop') ?? 'auth';
      const uri = d.get('digest-uri') ?? '';
      const clientRealm = d.get('realm') ?? '';
      const authzid = d.get('authzid');
      if (!username || !response || !cnonce) return fail(AUTH_FAILURE, 'DIGEST-MD5: username, cnonce and response are required', username);
      if (d.get('nonce') !== nonce) return fail(AUTH_FAILURE, 'DIGEST-MD5: the nonce is not the one we sent', username);
      if (qop !== 'auth') return fail(AUTH_FAILURE, `DIGEST-MD5: only qop=auth is offered, not ${qop}`, username);
      if (!/^smtp\//i.test(uri)) return fail(AUTH_FAILURE, `DIGEST-MD5: digest-uri must be smtp/host, not "${uri}"`, username);
      const users = ctx.db().users;
      const secrets = Object.prototype.hasOwnProperty.call(users, username) ? users[username] : undefined;
      if (!secrets) return fail(AUTH_FAILURE, `no user ${username} in etc/sasldb2.json (mailsec sandbox passwd ${username})`, username, 'unable to canonify user and get auxprops');
      const ha1hex = secrets.digestMd5?.[clientRealm];
      if (!ha1hex) {
        return fail(AUTH_FAILURE, `the password of ${username} was stored for realm(s) ${Object.keys(secrets.digestMd5 ?? {}).map((x) => `"${x}"`).join(', ')}, not "${clientRealm}": run mailsec sandbox passwd again`, username);
      }
      const a1 = Buffer.concat([Buffer.from(ha1hex, 'hex'), Buffer.from(`:${nonce}:${cnonce}${authzid ? `:${authzid}` : ''}`)]);
      const ha1 = hex(md5(a1));
      const kd = (a2: string) => hex(md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${hex(md5(a2))}`));
      const want = kd(`AUTHENTICATE:${uri}`);
      if (!/^[0-9a-f]{32}$/i.test(response) || !timingSafeEqual(Buffer.from(want), Buffer.from(response.toLowerCase()))) {
        return fail(AUTH_FAILURE, `the DIGEST-MD5 response does not match ${username}'s password`, username, "client response doesn't match what we generated (tried bogus)");
      }
      if (authzid && authzid !== username) return fail(AUTH_FAILURE, `DIGEST-MD5: ${username} may not act as ${authzid}`, username);
      user = username;
      rspauth = kd(`:${uri}`);
      return { kind: 'challenge', data: Buffer.from(`rspauth=${rspauth}`).toString('base64') };
    },
  };
}
