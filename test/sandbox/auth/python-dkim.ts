// python3-dkim (dkimpy) as the independent DKIM implementation: it signs and verifies with
// the key record we hand it instead of asking the DNS.
import { readFileSync } from 'node:fs';
import { run, hasTool } from '../../prove/env.js';

/** The interpreter dkimverify runs with: python3-dkim is installed for that one. */
export function dkimPython(): string | undefined {
  if (!hasTool('dkimverify')) return undefined;
  const dir = (process.env.PATH ?? '').split(':').find((d) => {
    try {
      readFileSync(`${d}/dkimverify`);
      return true;
    } catch {
      return false;
    }
  });
  const first = readFileSync(`${dir}/dkimverify`, 'utf8').split('\n')[0];
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return undefined;
  return m[1].endsWith('/env') ? m[2] : m[1];
}

// the key records come as JSON in argv[1], the message on stdin
const WITH_RECORDS = `
import sys, json, dkim
records = json.loads(sys.argv[1])
def dnsfunc(name, timeout=5):
    n = name.decode() if isinstance(name, bytes) else name
    r = records.get(n.rstrip('.').lower())
    return r.encode() if r is not None else None
msg = sys.stdin.buffer.read()
`;

const VERIFY = `${WITH_RECORDS}
try:
    ok = dkim.DKIM(msg).verify(dnsfunc=dnsfunc)
except dkim.DKIMException as e:
    print('fail', e)
    sys.exit(0)
print('pass' if ok else 'fail')
`;

const VERIFY_ALL = `${WITH_RECORDS}
d = dkim.DKIM(msg)
n = sum(1 for l in msg.split(b'\\n') if l.lower().startswith(b'dkim-signature:'))
for i in range(n):
    ok = d.verify(idx=i, dnsfunc=dnsfunc)
    print(d.signature_fields[b'a'].decode(), d.signature_fields[b's'].decode(), 'pass' if ok else 'fail')
`;

const SIGN = `
import sys, dkim
selector, domain, keyfile, canon = sys.argv[1:5]
msg = sys.stdin.buffer.read()
key = open(keyfile, 'rb').read()
h, b = canon.split('/')
sig = dkim.sign(msg, selector.encode(), domain.encode(), key, canonicalize=(h.encode(), b.encode()))
sys.stdout.buffer.write(sig + msg)
`;

/** "pass" or "fail" as dkimpy sees the first signature, with records {name: "v=DKIM1; ..."}. */
export async function pyVerify(raw: Buffer | string, records: Record<string, string>): Promise<string> {
  const py = dkimPython();
  if (!py) throw new Error('python3-dkim is not installed');
  const r = await run(py, ['-c', VERIFY, JSON.stringify(records)], { input: raw.toString('latin1') });
  if (r.code !== 0) throw new Error(`dkimpy verify failed: ${r.stderr}`);
  return r.stdout.trim().split(' ')[0];
}

/** dkimpy's verdict on each signature, top to bottom: [algorithm, selector, pass|fail]. */
export async function pyVerifyAll(raw: string, records: Record<string, string>): Promise<string[][]> {
  const py = dkimPython();
  if (!py) throw new Error('python3-dkim is not installed');
  const r = await run(py, ['-c', VERIFY_ALL, JSON.stringify(records)], { input: raw });
  if (r.code !== 0) throw new Error(`dkimpy failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => l.split(' '));
}

/** The message signed by dkimpy, signature on top. */
export async function pySign(raw: string, selector: string, domain: string, keyFile: string, canon = 'relaxed/simple'): Promise<Buffer> {
  const py = dkimPython();
  if (!py) throw new Error('python3-dkim is not installed');
  const r = await run(py, ['-c', SIGN, selector, domain, keyFile, canon], { input: raw });
  if (r.code !== 0) throw new Error(`dkimpy sign failed: ${r.stderr}`);
  return Buffer.from(r.stdout, 'latin1');
}
