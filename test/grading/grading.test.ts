import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { writeFileSync, readFileSync, existsSync, readdirSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeBundle, readBundle, extractBundle, safePath, FORMAT, LIMITS } from '../../src/grading/bundle.js';
import { runCli } from '../helpers/cli.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { Progress } from '../../src/workspace/progress.js';
import { freshWorkspace, tempDir, run } from '../prove/env.js';
import { UserError } from '../../src/util/errors.js';
import { render, type Message } from '../../src/i18n/messages.js';
import { englishIn } from '../helpers/english.js';
import { keyFor } from '../helpers/quiz.js';

const course = loadCourse(lessonsDir());
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function bundleWith(files: { path: string; data?: string; mode?: number; sha256?: string }[], extra: object = {}) {
  const f = join(tempDir(), 'x.mailsec');
  const doc = {
    format: FORMAT,
    version: 1,
    tool: 'test',
    createdAt: '2026-11-28T00:00:00Z',
    student: 'eve',
    domain: 'eve.test',
    files: files.map((x) => {
      const data = Buffer.from(x.data ?? 'x');
      return { path: x.path, mode: x.mode ?? 0o644, data: data.toString('base64'), sha256: x.sha256 ?? sha(data) };
    }),
    ...extra,
  };
  writeFileSync(f, gzipSync(JSON.stringify(doc)));
  return f;
}

const reason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof UserError, String(e));
    return render('en', e.userMessage.params?.reason as Message);
  }
  assert.fail('expected a refusal');
};

test('a submission round-trips: files, modes and answers', () => {
  const ws = freshWorkspace('ana.test');
  const p = Progress.load(ws);
  p.setAnswer('01-threats', 'dos', ['c']);
  mkdirSync(ws.resolve('etc/ssl/private'), { recursive: true });
  writeFileSync(ws.resolve('etc/ssl/private/cert.key'), 'KEY', { mode: 0o600 });
  writeFileSync(ws.resolve('alumno.crt'), 'CERT');
  mkdirSync(ws.resolve('home/alumno/.gnupg'), { recursive: true });
  writeFileSync(ws.resolve('home/alumno/.gnupg/pubring.kbx'), 'KBX');
  const file = join(tempDir(), 'ana.mailsec');
  writeFileSync(file, makeBundle(ws, 'Ana', 'test'));
  const b = readBundle(file);
  assert.equal(b.student, 'Ana');
  assert.equal(b.domain, 'ana.test');
  const paths = b.files.map((f) => f.path);
  assert.ok(paths.includes('etc/postfix/main.cf'));
  assert.ok(paths.includes('.mailsec/progress.json'));
  assert.ok(!paths.some((p) => p.startsWith('.mailsec/backups')));
  // what lessons 11 and 12 make outside etc/ travels too
  assert.ok(paths.includes('alumno.crt') && paths.includes('home/alumno/.gnupg/pubring.kbx'), paths.join(' '));
  const dir = join(tempDir(), 'out');
  assert.deepEqual(extractBundle(b, dir), []);
  assert.equal(statSync(join(dir, 'etc/ssl/private/cert.key')).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(dir, 'etc/postfix/main.cf'), 'utf8'), readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8'));
});

test('paths that could leave the folder are refused before anything is written', () => {
  for (const p of [
    '../evil',
    'etc/../../evil',
    '/etc/passwd',
    'etc\\..\\x',
    'C:/x',
    'etc//x',
    './etc/x',
    'etc/x\0',
    '.git/config',
    '.mailsec/../../x',
    '.mailsec/bin/mailsec',
    '.mailsec/sandbox.json',
  ]) {
    assert.equal(safePath(p), false, p);
  }
  const out = tempDir();
  const f = bundleWith([{ path: 'etc/ok' }, { path: 'etc/../../../tmp/pwned' }]);
  assert.match(
    reason(() => readBundle(f)),
    /would leave its folder/,
  );
  assert.deepEqual(readdirSync(out), []);
});

test('a decompression bomb, an oversize file, junk and a wrong shape are refused with a reason', () => {
  const bomb = join(tempDir(), 'bomb.mailsec');
  writeFileSync(bomb, gzipSync(Buffer.alloc(LIMITS.uncompressed + 1024, 0x20)));
  assert.match(
    reason(() => readBundle(bomb)),
    /expands to more than/,
  );
  const junk = join(tempDir(), 'junk.mailsec');
  writeFileSync(junk, 'hello');
  assert.equal(
    reason(() => readBundle(junk)),
    'not a mailsec submission (not gzip-compressed)',
  );
  const notJson = join(tempDir(), 'nj.mailsec');
  writeFileSync(notJson, gzipSync('{'));
  assert.equal(
    reason(() => readBundle(notJson)),
    'compressed, but what is inside is not a mailsec submission',
  );
  assert.equal(
    reason(() => readBundle(bundleWith([], { format: 'zip' }))),
    'not a mailsec submission',
  );
  assert.match(
    reason(() => readBundle(bundleWith([], { version: 2, tool: 'mailsec 9.0.0' }))),
    /another version of mailsec \(mailsec 9\.0\.0, format 2\)/,
  );
  assert.match(
    reason(() => readBundle(bundleWith([{ path: 'etc/postfix/main.cf' }]))),
    /\.mailsec\/workspace\.json is missing/,
  );
  const many = Array.from({ length: LIMITS.files + 1 }, (_, i) => ({ path: `etc/f${i}` }));
  assert.match(
    reason(() => readBundle(bundleWith(many))),
    /the field files is missing or wrong/,
  );
  assert.match(
    reason(() => readBundle(bundleWith([{ path: 'etc/a' }, { path: 'etc/a' }]))),
    /the file etc\/a twice/,
  );
  const big = join(tempDir(), 'big.mailsec');
  writeFileSync(big, Buffer.alloc(LIMITS.compressed + 1));
  assert.match(
    reason(() => readBundle(big)),
    /larger than \d+ bytes/,
  );
});

test('extraction never overwrites and reports files changed after packing', () => {
  const b = readBundle(
    bundleWith([
      { path: 'etc/postfix/main.cf', data: 'a', sha256: 'f'.repeat(64) },
      { path: '.mailsec/workspace.json', data: '{}' },
    ]),
  );
  const dir = join(tempDir(), 'w');
  assert.deepEqual(extractBundle(b, dir), ['etc/postfix/main.cf']);
  assert.throws(() => extractBundle(b, dir), /fresh folder/);
});

/** `mailsec submit` of a workspace, through the built CLI. */
async function submitted(ws: string, name: string): Promise<string> {
  const file = join(tempDir(), `${name}.mailsec`);
  const r = await runCli(['submit', '--out', file, '--name', name], { ws });
  assert.equal(r.code, 0, r.stderr);
  return file;
}

type GradeJson = {
  submissions: { student: string; total: number; results: { lesson: string; step: string; status: string }[]; warnings: string[] }[];
  rejected: unknown[];
};

async function graded(files: string[], lang: 'es' | 'en' = 'es', extra: string[] = []): Promise<GradeJson & { csv?: string }> {
  const r = await runCli(['grade', ...files, '--json', ...extra], { lang });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as GradeJson;
}

test("grading re-runs every check on the learner's files; a claimed pass that fails is flagged", async () => {
  const ws = freshWorkspace('ana.test');
  assert.equal((await runCli(['check', '01/dos', '--answer', keyFor(ws.root, '01/dos', 'c')], { ws: ws.root })).code, 0);
  const p = Progress.load(ws);
  p.setAnswer('01-threats', 'spam-phishing', ['a']);
  p.record('01-threats', 'spam-phishing', 'pass'); // a hand-edited progress file
  const { submissions } = await graded([await submitted(ws.root, 'Ana')]);
  const g = submissions[0];
  assert.equal(g.results.find((r) => r.step === 'dos')!.status, 'pass');
  assert.equal(g.results.find((r) => r.step === 'myhostname')!.status, 'fail');
  assert.ok(
    g.warnings.some((w) => w === '01-threats/spam-phishing: superado en el cuaderno del estudiante, pero no al comprobarlo de nuevo'),
    g.warnings.join('\n'),
  );
  assert.equal(
    g.total,
    course.lessons.reduce((n, l) => n + l.steps.length, 0),
  );
});

test('the same private key in two submissions and the same domain twice are reported', async () => {
  const make = async (student: string, domain: string, key: string) => {
    const ws = freshWorkspace(domain);
    mkdirSync(ws.resolve('etc/ssl/private'), { recursive: true });
    writeFileSync(ws.resolve('etc/ssl/private/cert.key'), key);
    return submitted(ws.root, student);
  };
  const files = [await make('ana', 'ana.test', 'K1'), await make('bob', 'bob.test', 'K1'), await make('cai', 'ana.test', 'K2')];
  const { submissions } = await graded(files, 'en');
  const [a, b, c] = ['ana', 'bob', 'cai'].map((n) => submissions.find((s) => s.student === n)!);
  assert.ok(b.warnings.includes('shares with ana (ana.mailsec): the private key etc/ssl/private/cert.key'), b.warnings.join('\n'));
  assert.ok(a.warnings.includes('shares with bob (bob.mailsec): the private key etc/ssl/private/cert.key'), a.warnings.join('\n'));
  assert.ok(c.warnings.some((w) => /same domain ana\.test as ana/.test(w)));
  // the teacher reads them in the course's language too
  const es = (await graded(files, 'es')).submissions.find((s) => s.student === 'bob')!;
  assert.ok(es.warnings.includes('comparte con ana (ana.mailsec): la clave privada etc/ssl/private/cert.key'), es.warnings.join('\n'));
  for (const w of es.warnings) assert.equal(englishIn(w), undefined, w);
});

test('submit and grade end to end through the CLI, one bad bundle does not stop the class', async () => {
  const cli = join(process.cwd(), 'dist', 'cli.js');
  const ws = join(tempDir(), 'ws');
  const env = { ...process.env, MAILSEC_WORKSPACE: ws, LANG: 'C' };
  await run(process.execPath, [cli, 'init', ws, '--domain', 'ana.test'], { env });
  await run(process.execPath, [cli, 'check', '01/dos', '--answer', keyFor(ws, '01/dos', 'c')], { env });
  const dir = tempDir();
  const s = await run(process.execPath, [cli, 'submit', '--out', join(dir, 'ana.mailsec'), '--name', 'Ana García'], { env });
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /Entrega lista: .*ana\.mailsec \(\d+ archivos, dominio ana\.test\)/);
  const again = await run(process.execPath, [cli, 'submit', '--out', join(dir, 'ana.mailsec')], { env });
  assert.equal(again.code, 2);
  writeFileSync(join(dir, 'zz-broken.mailsec'), 'garbage');
  const g = await run(process.execPath, [cli, 'grade', dir, '--json'], { env });
  assert.equal(g.code, 1);
  const j = JSON.parse(g.stdout);
  assert.equal(j.submissions.length, 1);
  assert.equal(j.submissions[0].student, 'Ana García');
  assert.equal(j.submissions[0].results.find((r: { step: string }) => r.step === 'dos').status, 'pass');
  assert.match(j.rejected[0].error, /zz-broken\.mailsec no se puede corregir: no es una entrega de mailsec/);
  assert.ok(existsSync(join(dir, 'ana.mailsec')));
});
