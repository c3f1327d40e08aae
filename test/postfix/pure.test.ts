// src/postfix is Postfix's words only: no I/O modules, no UI, nothing from the layers that use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'src/postfix';
const FORBIDDEN =
  /^(node:)?(fs|fs\/promises|net|dgram|tls|child_process|http|https|dns|os)$|^(react|ink)(\/|$)|\/(sandbox|checks|ui|commands|core|workspace)\//;

test('src/postfix imports only itself', () => {
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(DIR, f), 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
      const spec = m[1] ?? m[2];
      assert.ok(!FORBIDDEN.test(spec), `${f} imports ${spec}`);
      assert.ok(spec.startsWith('./'), `${f} imports ${spec} from outside src/postfix`);
    }
  }
});
