// Grading a class where some bundles are hostile, edited or from another version: each is
// refused with a reason in the teacher's language, and the others are graded. Through the
// built CLI, as the teacher runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdirSync, symlinkSync, truncateSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { englishIn } from '../helpers/english.js';
import { Progress } from '../../src/workspace/progress.js';
import { loadCourse } from '../../src/checks/course.js';
import { lessonsDir } from '../../src/util/paths.js';
import { FORMAT, LIMITS } from '../../src/grading/bundle.js';
import { ZONE_LINES } from '../../src/grading/limits.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Doc = {
  format: string;
  version: number;
  tool: string;
  student: string;
  domain: string;
  files: { path: string; mode: number; data: string; sha256: string }[];
};

async function submitted(ws: string, name: string, dir: string): Promise<string> {
  const file = join(dir, `${name}.mailsec`);
  const r = await runCli(['submit', '--out', file, '--name', name], { ws });
  assert.equal(r.code, 0, r.stderr);
  return file;
}

/** A real bundle, changed: what a student (or a tool) could hand in. */
function edited(from: string, to: string, change: (d: Doc) => void): void {
  const d = JSON.parse(gunzipSync(readFileSync(from)).toString('utf8')) as Doc;
  change(d);
  writeFileSync(to, gzipSync(JSON.stringify(d)));
}

function put(d: Doc, path: string, text: string): void {
  const data = Buffer.from(text);
  d.files = d.files.filter((f) => f.path !== path);
  d.files.push({ path, mode: 0o644, data: data.toString('base64'), sha256: sha(data) });
}

type Graded = {
  submissions: { student: string; results: { step: string; status: string }[]; warnings: string[] }[];
  rejected: { file: string; error: string }[];
};

test('a class with hostile bundles: each is refused with a reason in the teacher language, the rest is graded', async () => {
  const work = tempDir();
  const dir = join(work, 'entregas');
  mkdirSync(dir);
  const ana = await submitted(freshWorkspace('ana.test').root, 'ana', dir);
  // never read: a link to an endless device, a FIFO nobody writes to, a folder
  symlinkSync('/dev/zero', join(dir, 'zero.mailsec'));
  execFileSync('mkfifo', [join(dir, 'fifo.mailsec')]);
  mkdirSync(join(dir, 'folder.mailsec'));
  // larger than any bundle (sparse: it costs no disk)
  writeFileSync(join(dir, 'huge.mailsec'), '');
  truncateSync(join(dir, 'huge.mailsec'), LIMITS.compressed + 1);
  edited(ana, join(dir, 'traversal.mailsec'), (d) => put(d, 'etc/../../../tmp/pwned', 'x'));
  edited(ana, join(dir, 'version.mailsec'), (d) => {
    d.version = 2;
    d.tool = 'mailsec 9.9.9';
  });
  edited(ana, join(dir, 'incomplete.mailsec'), (d) => {
    d.files = d.files.filter((f) => f.path !== '.mailsec/workspace.json');
  });
  // 100 000 records: the sandbox would spend seconds and half a gigabyte parsing them
  edited(ana, join(dir, 'zone.mailsec'), (d) => {
    const records = Array.from({ length: 100_000 }, (_, i) => `h${i} IN A 192.0.2.${i % 250}`).join('\n');
    put(d, 'etc/bind/db.ana.test', `$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 300\n${records}\n`);
  });
  writeFileSync(join(dir, 'garbage.mailsec'), 'not a bundle');

  const t0 = Date.now();
  const r = await runCli(['grade', dir, '--json'], { lang: 'es', timeoutMs: 100_000 });
  assert.ok(Date.now() - t0 < 90_000, `grading took ${Date.now() - t0} ms`);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout) as Graded;
  assert.deepEqual(
    j.submissions.map((s) => s.student),
    ['ana'],
  );
  const why = (name: string) => {
    const e = j.rejected.find((x) => x.file.endsWith(`/${name}.mailsec`));
    assert.ok(e, `${name} not reported: ${JSON.stringify(j.rejected)}`);
    assert.match(e.error, new RegExp(`${name}\\.mailsec no se puede corregir: `));
    assert.equal(englishIn(e.error.replace(/^.*no se puede corregir/, '')), undefined, e.error);
    return e.error;
  };
  assert.match(why('zero'), /es un dispositivo, no un archivo/);
  assert.match(why('fifo'), /tubería con nombre \(FIFO\)/);
  assert.match(why('folder'), /es una carpeta/);
  assert.match(why('huge'), /ocupa más de \d+ bytes/);
  assert.match(why('traversal'), /saldría de su carpeta/);
  assert.match(why('version'), /otra versión de mailsec \(mailsec 9\.9\.9, formato 2\)/);
  assert.match(why('incomplete'), /le falta \.mailsec\/workspace\.json/);
  assert.match(
    why('zone'),
    new RegExp(`zonas DNS suman \\d+ líneas \\(etc/bind/db\\.ana\\.test y las demás\\), y una práctica no llega a ${ZONE_LINES}`),
  );
  assert.match(why('garbage'), /no es una entrega de mailsec/);
  assert.equal(j.rejected.length, 9);
  assert.equal(existsSync('/tmp/pwned'), false);
  // the teacher reads the same in Catalan, with no English in it
  const ca = await runCli(['grade', dir], { lang: 'ca', timeoutMs: 100_000 });
  assert.equal(ca.code, 1);
  for (const line of ca.stderr.trim().split('\n')) {
    assert.match(line, /^El lliurament .* no es pot corregir: /);
    assert.equal(englishIn(line.replace(/^.*no es pot corregir/, '')), undefined, line);
  }
});

test('a student whose checks run past the time limit is reported as such; the rest of the class is graded', async () => {
  const dir = tempDir();
  await submitted(freshWorkspace('ana.test').root, 'ana', dir);
  // a regular expression that backtracks for ever on the step's sample line
  const eve = freshWorkspace('eve.test');
  writeFileSync(
    eve.resolve('etc/postfix/main.cf'),
    readFileSync(eve.resolve('etc/postfix/main.cf'), 'utf8') + 'body_checks = regexp:/etc/postfix/body_checks\n',
  );
  writeFileSync(eve.resolve('etc/postfix/body_checks'), '/^(.*)*(.*)*(.*)*(.*)*(.*)*z$/ REJECT\n');
  await submitted(eve.root, 'eve', dir);
  const t0 = Date.now();
  const r = await runCli(['grade', dir, '--json'], { lang: 'es', env: { MAILSEC_GRADE_TIMEOUT: '20' }, timeoutMs: 100_000 });
  assert.ok(Date.now() - t0 < 60_000, `grading took ${Date.now() - t0} ms`);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout) as Graded;
  assert.deepEqual(
    j.submissions.map((s) => s.student),
    ['ana'],
  );
  assert.equal(j.rejected.length, 1);
  assert.match(j.rejected[0].error, /eve\.mailsec no se puede corregir: sus comprobaciones han tardado más de 20 s y las he parado/);
});

test('grading ignores every verdict the bundle claims: all flipped to pass, only the evidence counts', async () => {
  const course = loadCourse(lessonsDir());
  const ws = freshWorkspace('ana.test');
  const p = Progress.load(ws);
  for (const l of course.lessons) for (const s of l.steps) p.record(l.id, s.id, 'pass');
  const file = await submitted(ws.root, 'ana', tempDir());
  const r = await runCli(['grade', file, '--json'], { lang: 'en' });
  assert.equal(r.code, 0, r.stderr);
  const g = (JSON.parse(r.stdout) as Graded).submissions[0];
  const passed = g.results.filter((x) => x.status === 'pass').map((x) => x.step);
  // a fresh workspace passes nothing a lesson asks for (at most a step the template already satisfies)
  assert.ok(passed.length <= 2, passed.join(' '));
  const claimed = g.warnings.filter((w) => /passed in the learner's workbook, not on re-check/.test(w));
  assert.equal(claimed.length, g.results.length - passed.length);
});

test('mailsec submit writes the bundle 0600 and leaves out the SASL password equivalents', async () => {
  const ws = freshWorkspace('ana.test');
  const pw = await runCli(['sandbox', 'passwd', 'alumno'], { ws: ws.root, input: 'secreto\n' });
  assert.equal(pw.code, 0, pw.stderr);
  assert.match(readFileSync(ws.resolve('etc/sasldb2.json'), 'utf8'), /cramMd5/);
  const dir = tempDir();
  const file = await submitted(ws.root, 'ana', dir);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const d = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Doc;
  const db = d.files.find((f) => f.path === 'etc/sasldb2.json')!;
  const text = Buffer.from(db.data, 'base64').toString('utf8');
  assert.deepEqual(JSON.parse(text), { version: 1, users: { alumno: {} } });
  assert.equal(FORMAT, d.format);
  // grading still finds the user: smtp.user reads the names only
  const r = await runCli(['grade', file, '--json'], { lang: 'en' });
  const g = (JSON.parse(r.stdout) as Graded).submissions[0];
  assert.equal(g.results.find((x) => x.step === 'passwd')!.status, 'pass');
});

test("a bug that crashes one student's grading is that student's alone: reported without a stack, exit 70, the class graded", async () => {
  const dir = tempDir();
  await submitted(freshWorkspace('ana.test').root, 'ana', dir);
  await submitted(freshWorkspace('bob.test').root, 'bob', dir);
  const preload = join(tempDir(), 'crash-bob.mjs');
  writeFileSync(
    preload,
    `// a grader's worker given bob: a bug strikes while it grades him
if (process.env.MAILSEC_GRADE_WORKER)
  process.on('message', (job) => {
    if (String(job?.file).endsWith('bob.mailsec'))
      setImmediate(() => {
        throw new TypeError('injected: template is not a function');
      });
  });
`,
  );
  const r = await runCli(['grade', dir, '--json'], { lang: 'es', env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` } });
  assert.equal(r.code, 70, r.stderr);
  const j = JSON.parse(r.stdout) as Graded;
  assert.deepEqual(
    j.submissions.map((s) => s.student),
    ['ana'],
  );
  assert.match(
    j.rejected[0].error,
    /bob\.mailsec no se puede corregir: la corrección ha fallado por un error interno de mailsec .*injected: template is not a function/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
});

test('a worker that dies on a student after grading others is replaced, and the student graded in a fresh one', async () => {
  const dir = tempDir();
  for (const n of ['ana', 'bob', 'cai', 'dan']) await submitted(freshWorkspace(`${n}.test`).root, n, dir);
  const marker = join(tempDir(), 'crashed-once');
  const preload = join(tempDir(), 'worn-worker.mjs');
  // four students on at most two lanes: some worker gets a second one, and dies on it (once)
  writeFileSync(
    preload,
    `import { existsSync, writeFileSync } from 'node:fs';
let jobs = 0;
if (process.env.MAILSEC_GRADE_WORKER)
  process.on('message', (job) => {
    if (typeof job !== 'object' || ++jobs < 2 || existsSync(${JSON.stringify(marker)})) return;
    writeFileSync(${JSON.stringify(marker)}, String(job.file));
    setImmediate(() => {
      throw new TypeError('injected: worn out');
    });
  });
`,
  );
  const r = await runCli(['grade', dir, '--json'], { lang: 'en', env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` } });
  assert.ok(existsSync(marker), 'a worker was given a second student');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Graded;
  assert.deepEqual(j.submissions.map((s) => s.student).sort(), ['ana', 'bob', 'cai', 'dan']);
});
