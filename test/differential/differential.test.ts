// The sandbox against a real Postfix 3.7.11 (Debian's package, a private instance started
// by real-postfix.sh): the same dialogues, over raw sockets, in several configurations
// written into both main.cf files; reply lines must be equal and mail.log lines of the
// same shape after masking, except for the differences listed in allowed.ts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync, mkdirSync, readFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Socket as UdpSocket } from 'node:dgram';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { CliSandbox, runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { selfSignedCert } from '../helpers/sandbox.js';
import {
  RealPostfix,
  machineLimit,
  whyNotRunnable,
  parseMainCf,
  mergeParams,
  fileSize,
  settleLog,
  play,
  dnsForwarder,
  writeText,
  sh,
  type Played,
} from './harness.js';
import { configs, COMMON, NOT_SHARED, WS_CERT, WS_KEY } from './configs.js';
import { maskLog, maskReply, type Roots } from './masks.js';
import { ALLOWED } from './allowed.js';
import { LISTED, LISTED_NO_TXT, LISTED_ERROR, USER, PASS, type Dialogue } from './dialogues.js';

// without Postfix the test is skipped, saying why; CI (MAILSEC_REQUIRE_TOOLS=1) fails instead, naming the packages.
// A machine that refuses a mount namespace has nothing to install: skipped everywhere, saying so.
const why = whyNotRunnable();
const limit = why ? undefined : machineLimit();
const skip = limit ?? (why && process.env.MAILSEC_REQUIRE_TOOLS !== '1' ? why : false);
if (skip) console.log(`differential test skipped: ${skip}`);

interface Diff {
  id: string;
  kind: 'reply' | 'log';
  real?: string;
  sandbox?: string;
}

const reverse = (ip: string) => ip.split('.').reverse().join('.');

/** replies position by position; log lines as multisets (daemons interleave differently) */
function compare(d: Dialogue, real: Played, sb: Played, realLog: string[], sbLog: string[]) {
  const diffs: Diff[] = [];
  const r = real.lines.map(maskReply);
  const s = sb.lines.map(maskReply);
  let replySame = 0;
  for (let i = 0; i < Math.max(r.length, s.length); i++) {
    if (r[i] === s[i]) replySame++;
    else diffs.push({ id: d.id, kind: 'reply', real: r[i], sandbox: s[i] });
  }
  const left = [...sbLog];
  let logSame = 0;
  for (const l of realLog) {
    const i = left.indexOf(l);
    if (i >= 0) {
      left.splice(i, 1);
      logSame++;
    } else diffs.push({ id: d.id, kind: 'log', real: l });
  }
  for (const l of left) diffs.push({ id: d.id, kind: 'log', sandbox: l });
  return { diffs, replySame, replyAll: Math.max(r.length, s.length), logSame, logAll: realLog.length + left.length };
}

let real: RealPostfix | undefined;
let sandbox: CliSandbox | undefined;
let dns: UdpSocket | undefined;
after(async () => {
  await sandbox?.close();
  const stopped = await real?.stop().then(
    () => true,
    (e: Error) => (console.log(e.message), false),
  );
  dns?.close();
  // the instance's spool and log stay for a look when the differences are dumped (or when it would not stop)
  if (real && stopped && !process.env.MAILSEC_DIFF_DUMP) rmSync(dirname(real.dir), { recursive: true, force: true });
});

test('the sandbox answers and logs as a real Postfix on the same dialogues', { skip, timeout: 20 * 60_000 }, async () => {
  if (why) assert.fail(why);
  const ws = freshWorkspace('alexdns.local');
  const parent = tempDir('mailsec-realpf-');
  chmodSync(parent, 0o755); // the postfix user and nobody must traverse it
  const dir = join(parent, 'rp');
  const dnsAddr = `127.0.${1 + Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
  real = new RealPostfix(dir, await freePort(), dnsAddr);
  const roots: Roots = { real: dir, ws: ws.root };

  // the DNSBL listings the dialogues use, in the workspace's zones (served to both servers)
  appendFileSync(
    ws.resolve('etc/bind/dnsbl-local.zone'),
    `\n${reverse(LISTED)} IN A 127.0.0.2\n IN TXT "listed by the differential test"\n${reverse(LISTED_NO_TXT)} IN A 127.0.0.3\n${reverse(LISTED_ERROR)} IN A 127.255.255.254\n`,
  );
  // one certificate and key for both
  await real.init();
  // the workspace's aliases (postmaster -> root -> alumno) on the real side too, with its Maildirs
  const maildir = (u: string) => `${dir}/mail/${u}/`;
  writeText(join(dir, 'etc', 'aliases'), `postmaster: root\nroot: ${USER}\n${USER}: ${maildir(USER)}\n`);
  await sh('/usr/sbin/postalias', ['-c', join(dir, 'etc'), `hash:${join(dir, 'etc', 'aliases')}`]);
  mkdirSync(join(dir, 'ssl'), { recursive: true });
  selfSignedCert({ key: join(dir, 'ssl/key.pem'), cert: join(dir, 'ssl/cert.pem'), cn: 'mail.alexdns.local', days: 2 });
  for (const [from, to] of [
    ['cert.pem', WS_CERT],
    ['key.pem', WS_KEY],
  ]) {
    mkdirSync(dirname(ws.resolve(to)), { recursive: true });
    copyFileSync(join(dir, 'ssl', from), ws.resolve(to));
  }

  const shipped = parseMainCf(readFileSync(ws.resolve('etc/postfix/main.cf'), 'utf8'));
  const realBase = parseMainCf(real.initialMainCf);
  const shared = Object.fromEntries(shipped.filter(([k]) => !NOT_SHARED.has(k)));
  const all = configs(dir);
  const write = (i: number) => {
    const c = all[i];
    writeText(real!.mainCf, mergeParams(realBase, shared, COMMON, c.params, c.real ?? {}));
    writeText(ws.resolve('etc/postfix/main.cf'), mergeParams(shipped, COMMON, c.params, c.sandbox ?? {}));
  };

  write(0);
  sandbox = await CliSandbox.start(ws.root);
  dns = await dnsForwarder(dnsAddr, sandbox.ports.dns);
  await real.start();
  await real.passwd(USER, PASS);
  const pw = await runCli(['sandbox', 'passwd', USER], { ws: ws.root, input: `${PASS}\n` });
  assert.equal(pw.code, 0, pw.stderr);

  const diffs: Diff[] = [];
  let replySame = 0;
  let replyAll = 0;
  let logSame = 0;
  let logAll = 0;
  let same = 0;
  let count = 0;
  const sbLogPath = ws.resolve('var/log/mail.log');
  const slow: [number, string][] = [];
  let reloadMs = 0;
  let sandboxReloadMs = 0;
  // MAILSEC_DIFF_ONLY=regexp plays only the configurations (and dialogue ids) it matches: for working on one
  const only = process.env.MAILSEC_DIFF_ONLY ? new RegExp(process.env.MAILSEC_DIFF_ONLY) : undefined;
  for (const [i, conf] of all.entries()) {
    if (only && !only.test(conf.name) && !conf.dialogues.some((d) => only.test(d.id))) continue;
    if (i > 0) {
      write(i);
      const t0 = Date.now();
      const [rr, sr] = await Promise.all([real.reload(), sandbox.reload().then((r) => ((sandboxReloadMs += Date.now() - t0), r))]);
      if (rr.code !== 0) console.log(`real reload (${conf.name}): ${rr.out.trim()}`);
      void sr;
      await new Promise((r) => setTimeout(r, 250));
      reloadMs += Date.now() - t0;
    }
    for (const d of conf.dialogues) {
      if (only && !only.test(conf.name) && !only.test(d.id)) continue;
      const t0 = Date.now();
      const ro = fileSize(real.log);
      const so = fileSize(sbLogPath);
      const [rp, sp] = await Promise.all([play(real.port, d), play(sandbox.ports.smtp, d)]);
      const [rl, sl] = await Promise.all([settleLog(real.log, ro, rp.queued), settleLog(sbLogPath, so, sp.queued)]);
      const lines = (t: string) =>
        t
          .split('\n')
          .filter(Boolean)
          .map((l) => maskLog(l, roots))
          .filter((l): l is string => l !== undefined);
      const c = compare(d, rp, sp, lines(rl), lines(sl));
      replySame += c.replySame;
      replyAll += c.replyAll;
      logSame += c.logSame;
      logAll += c.logAll;
      count++;
      slow.push([Date.now() - t0, d.id]);
      if (!c.diffs.length) same++;
      diffs.push(...c.diffs);
    }
  }

  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
  console.log(
    `differential: ${all.length} configurations, ${count} dialogues against Postfix ${execFileSync('/usr/sbin/postconf', ['-h', '-d', 'mail_version']).toString().trim()}`,
  );
  console.log(`differential: reply lines identical ${pct(replySame, replyAll)} % (${replySame}/${replyAll})`);
  console.log(`differential: log lines identical ${pct(logSame, logAll)} % (${logSame}/${logAll})`);
  console.log(`differential: dialogues identical ${same}/${count}`);

  slow.sort((a, b) => b[0] - a[0]);
  const played = slow.reduce((n, [ms]) => n + ms, 0);
  console.log(
    `differential: ${(played / 1000).toFixed(0)} s playing, ${(reloadMs / 1000).toFixed(0)} s reloading (the sandbox's reloads ${(sandboxReloadMs / 1000).toFixed(0)} s)`,
  );
  console.log(
    `differential: slowest dialogues ${slow
      .slice(0, 5)
      .map(([ms, id]) => `${id} ${ms} ms`)
      .join(', ')}`,
  );
  const used = new Set<number>();
  // every entry that explains a difference counts as used, so the stale check is about each entry on its own
  const unexplained = diffs.filter((d) => {
    const ks = ALLOWED.flatMap((a, k) =>
      a.kind === d.kind && a.id.test(d.id) && (!a.line || a.line.test(d.real ?? '') || a.line.test(d.sandbox ?? '')) ? [k] : [],
    );
    for (const k of ks) used.add(k);
    return !ks.length;
  });
  const stale = only ? [] : ALLOWED.filter((a, k) => !used.has(k) && !a.sometimes);
  console.log(
    `differential: ${diffs.length} differing lines, ${diffs.length - unexplained.length} of them explained by ${used.size} of the ${ALLOWED.length} entries of allowed.ts`,
  );
  if (process.env.MAILSEC_DIFF_DUMP) {
    writeText(process.env.MAILSEC_DIFF_DUMP, JSON.stringify(diffs, null, 1));
    writeText(`${process.env.MAILSEC_DIFF_DUMP}.times`, slow.map(([ms, id]) => `${ms} ${id}`).join('\n'));
  }
  const show = (d: Diff) => `${d.id} ${d.kind}\n    real:    ${d.real ?? '(none)'}\n    sandbox: ${d.sandbox ?? '(none)'}`;
  assert.equal(
    unexplained.length,
    0,
    `differences not in allowed.ts (${unexplained.length}):\n${unexplained.slice(0, 60).map(show).join('\n')}`,
  );
  assert.equal(
    stale.length,
    0,
    `allowed.ts entries that no longer differ:\n${stale.map((a) => `${a.id} ${a.kind} ${a.line ?? ''}: ${a.reason}`).join('\n')}`,
  );
});
