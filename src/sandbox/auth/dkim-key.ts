// DKIM keys as opendkim-genkey makes them, and the DKIM key record (RFC 6376 §3.6.1).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { rethrowBug } from '../../util/errors.js';

export interface DkimKeyPair {
  /** PKCS#8 PEM, as `openssl genrsa` writes it with OpenSSL 3 */
  privatePem: string;
  /** base64 of the DER SubjectPublicKeyInfo: the p= of the record */
  publicB64: string;
}

export function generateDkimKey(bits = 2048): DkimKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicB64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/**
 * SELECTOR.txt exactly as opendkim-genkey writes it: the record split into quoted
 * strings (p= plus 250 characters, then 250 per string), ready for a BIND zone.
 */
export function formatDkimTxt(selector: string, domain: string, publicB64: string): string {
  const chunks: string[] = [];
  let rest = 'p=' + publicB64;
  chunks.push(rest.slice(0, 252));
  rest = rest.slice(252);
  while (rest) {
    chunks.push(rest.slice(0, 250));
    rest = rest.slice(250);
  }
  const strings = chunks.map((c) => `\t  "${c}"`).join('\n');
  return `${selector}._domainkey\tIN\tTXT\t( "v=DKIM1; h=sha256; k=rsa; "\n${strings} )  ; ----- DKIM key ${selector} for ${domain}\n`;
}

export type KeyProblem = 'notKey' | 'notRsa' | 'encrypted' | 'public';

/** Reads a PEM private key; says why it is not usable for signing. */
export function readPrivateKey(pem: string): { key: KeyObject; bits: number } | { problem: KeyProblem; detail?: string } {
  if (/ENCRYPTED/.test(pem)) return { problem: 'encrypted' };
  if (/BEGIN (RSA )?PUBLIC KEY/.test(pem) && !/PRIVATE KEY/.test(pem)) return { problem: 'public' };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    rethrowBug(e);
    return { problem: 'notKey', detail: (e as Error).message };
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ed25519') return { problem: 'notRsa', detail: key.asymmetricKeyType };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? (key.asymmetricKeyType === 'ed25519' ? 256 : 0);
  return { key, bits };
}

/** The p= value that publishes this private key's public half. */
export function publicB64Of(key: KeyObject): string {
  const pub = createPublicKey(key);
  if (pub.asymmetricKeyType === 'ed25519') {
    // RFC 8463: the raw 32-byte key, not the SPKI structure
    return pub.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  }
  return pub.export({ type: 'spki', format: 'der' }).toString('base64');
}

export type DkimRecordIssueCode = 'notDkim' | 'noKey' | 'revoked' | 'badKey' | 'badVersion' | 'badKeyType' | 'badTag' | 'testing';

export interface ParsedDkimRecord {
  tags: Record<string, string>;
  issues: { severity: 'error' | 'warning'; code: DkimRecordIssueCode; detail?: string }[];
  /** bits of an RSA key, when p= holds one */
  bits?: number;
}

/** Tag=value list of a DKIM key record, with what would make a verifier refuse it. */
export function parseDkimRecord(txt: string): ParsedDkimRecord {
  const tags: Record<string, string> = {};
  const issues: ParsedDkimRecord['issues'] = [];
  const parts = txt.split(';').map((p) => p.trim()).filter(Boolean);
  parts.forEach((p, i) => {
    const eq = p.indexOf('=');
    if (eq <= 0) return void issues.push({ severity: 'error', code: 'badTag', detail: p });
    const k = p.slice(0, eq).trim().toLowerCase();
    const v = p.slice(eq + 1).replace(/\s+/g, '');
    if (k === 'v' && i !== 0) issues.push({ severity: 'error', code: 'badVersion', detail: p });
    tags[k] = v;
  });
  const out: ParsedDkimRecord = { tags, issues };
  if ('v' in tags && tags.v !== 'DKIM1') {
    issues.push({ severity: 'error', code: 'notDkim', detail: tags.v });
    return out;
  }
  if (!('p' in tags)) {
    issues.push({ severity: 'error', code: parts.length && !('v' in tags) ? 'notDkim' : 'noKey' });
    return out;
  }
  const k = (tags.k ?? 'rsa').toLowerCase();
  if (k !== 'rsa' && k !== 'ed25519') issues.push({ severity: 'error', code: 'badKeyType', detail: k });
  if (tags.p === '') {
    issues.push({ severity: 'error', code: 'revoked' });
    return out;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(tags.p)) {
    issues.push({ severity: 'error', code: 'badKey', detail: 'base64' });
    return out;
  }
  if (k === 'rsa') {
    try {
      const pub = createPublicKey({ key: Buffer.from(tags.p, 'base64'), format: 'der', type: 'spki' });
      out.bits = pub.asymmetricKeyDetails?.modulusLength;
    } catch (e) {
      rethrowBug(e);
      issues.push({ severity: 'error', code: 'badKey', detail: (e as Error).message });
    }
  }
  if ((tags.t ?? '').split(':').includes('y')) issues.push({ severity: 'warning', code: 'testing' });
  return out;
}
