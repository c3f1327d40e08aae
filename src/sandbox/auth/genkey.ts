// `mailsec dkim genkey`: opendkim-genkey's job, writing the same two files.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDkimTxt, generateDkimKey } from './dkim-key.js';
import { makeDirs } from '../../util/fs-errors.js';

export interface GenkeyOptions {
  selector: string;
  domain: string;
  dir: string;
  bits?: number;
  /** t=y: the domain is testing DKIM */
  testing?: boolean;
  /** s=email: the key signs mail only */
  restricted?: boolean;
  force?: boolean;
}

export interface GenkeyResult {
  privateFile: string;
  txtFile: string;
  txt: string;
  bits: number;
}

export class GenkeyError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number>,
  ) {
    super(key);
  }
}

export const SELECTOR_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function genkey(o: GenkeyOptions): GenkeyResult {
  const bits = o.bits ?? 2048;
  if (!Number.isInteger(bits) || bits < 1024 || bits > 4096) throw new GenkeyError('auth.genkey.badBits', { bits: String(o.bits) });
  if (!SELECTOR_RE.test(o.selector)) throw new GenkeyError('auth.genkey.badSelector', { selector: o.selector });
  if (!SELECTOR_RE.test(o.domain) || !o.domain.includes('.')) throw new GenkeyError('auth.genkey.badDomain', { domain: o.domain });
  const privateFile = join(o.dir, `${o.selector}.private`);
  const txtFile = join(o.dir, `${o.selector}.txt`);
  if (!o.force && existsSync(privateFile)) throw new GenkeyError('auth.genkey.exists', { file: privateFile });
  makeDirs(o.dir);
  const pair = generateDkimKey(bits);
  let txt = formatDkimTxt(o.selector, o.domain.toLowerCase(), pair.publicB64);
  const extra = [o.restricted ? 's=email;' : '', o.testing ? 't=y;' : ''].filter(Boolean).join(' ');
  if (extra) txt = txt.replace('k=rsa; "', `k=rsa; ${extra} "`);
  writeFileSync(privateFile, pair.privatePem, { mode: 0o600 });
  chmodSync(privateFile, 0o600);
  writeFileSync(txtFile, txt, { mode: 0o600 });
  chmodSync(txtFile, 0o600);
  return { privateFile, txtFile, txt, bits };
}
