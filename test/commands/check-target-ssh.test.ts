// `mailsec check --target … --ssh USER@HOST:PORT`: the steps that judge the server's configuration
// run on its own files, read over a real ssh from a real sshd on 127.0.0.1 with the real
// `postconf -h config_directory`. The server's files are under this test's folder: MAIL_CONFIG,
// passed over ssh, points postconf at its etc/postfix, and MAILSEC_SERVER_ROOT, which only this
// sshd accepts, is where the other paths (/etc/opendkim.conf, the tables) are read, as they are under
// / on a class's VM. The finished files are the step prover's solutions applied to a fresh
// workspace's; the insecure ones are that fresh workspace's, where the course starts.
// Without OpenSSH or Postfix's postconf the test is skipped, saying why (MAILSEC_REQUIRE_TOOLS=1: it fails).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { freshWorkspace, tempDir } from '../prove/env.js';
import { runCli } from '../helpers/cli.js';
import { checkJson, type RemoteOutput } from '../helpers/remote-check.js';
import { RealSshd, whyNoSshd } from '../helpers/real-sshd.js';
import { RealNamed, whyNoNamed } from '../helpers/real-named.js';
import type { FileEdit, LessonFixtures, ProveEnv } from '../prove/types.js';
import type { Vars, Workspace } from '../../src/workspace/workspace.js';
import threats from '../fixtures/steps/01-threats.js';
import tls from '../fixtures/steps/02-tls.js';
import auth from '../fixtures/steps/03-smtp-auth.js';
import relay from '../fixtures/steps/04-open-relay.js';
import rbl from '../fixtures/steps/05-rbl.js';
import spam from '../fixtures/steps/06-spamassassin.js';
import rules from '../fixtures/steps/07-rules.js';
import spf from '../fixtures/steps/08-spf.js';
import dkim from '../fixtures/steps/09-dkim.js';
import submission from '../fixtures/steps/13-submission.js';
import dos from '../fixtures/steps/14-dos.js';
import smuggling from '../fixtures/steps/15-smuggling.js';
import dane from '../fixtures/steps/17-dane.js';

const why = whyNoSshd() ?? (existsSync('/usr/sbin/postconf') ? undefined : 'postconf is needed: apt-get install postfix');
const skip = why && process.env.MAILSEC_REQUIRE_TOOLS !== '1' ? why : false;
if (skip) console.log(`ssh check test skipped: ${skip}`);

const DOMAIN = 'alexdns.local';
const MAIN = 'etc/postfix/main.cf';
const MASTER = 'etc/postfix/master.cf';
/** Every step whose check judges only the server's configuration (the "config" mode), in course order, with its prover fixtures. */
const CONFIG_STEPS: [string, unknown][] = [
  ['01-threats/myhostname', threats],
  ['02-tls/main-cf', tls],
  ['03-smtp-auth/sasl-config', auth],
  ['04-open-relay/restrictions', relay],
  ['05-rbl/restrictions', rbl],
  ['06-spamassassin/local-cf', spam],
  ['06-spamassassin/master-cf', spam],
  ['06-spamassassin/reinject', spam],
  ['07-rules/body-checks', rules],
  ['07-rules/size-limit', rules],
  ['07-rules/sender-access', rules],
  ['08-spf/policyd-spf', spf],
  ['09-dkim/milter', dkim],
  ['13-submission/services', submission],
  ['13-submission/sender-login', submission],
  ['14-dos/error-limits', dos],
  ['14-dos/anvil-limits', dos],
  ['14-dos/postscreen-on', dos],
  ['15-smuggling/forbid', smuggling],
  ['17-dane/postfix-dane', dane],
];
const STEPS = CONFIG_STEPS.map(([ref]) => ref);
/**
 * Solutions a config step builds on, or that come right after it, without being config steps: the
 * DKIM key and OpenDKIM's configuration (their checks read the private key), and the published key,
 * which also needs --dns (tested on its own below).
 */
const BEFORE: Record<string, [string, unknown][]> = {
  '09-dkim/milter': [
    ['09-dkim/dkim-keys', dkim],
    ['09-dkim/opendkim-conf', dkim],
  ],
};
const AFTER: Record<string, [string, unknown][]> = { '09-dkim/milter': [['09-dkim/publish-key', dkim]] };
/** All of them, in course order. */
const COURSE = CONFIG_STEPS.flatMap((s) => [...(BEFORE[s[0]] ?? []), s, ...(AFTER[s[0]] ?? [])]);

/** A file as a step's solution leaves it, from what it was. */
function edit(fixtures: LessonFixtures, step: string, file: string, old: string | undefined, vars: Vars): string {
  const e: FileEdit | undefined = fixtures[step]?.solution.files?.[file];
  assert.ok(e !== undefined, `${step} has no solution for ${file}`);
  return typeof e === 'function' ? e(old, vars) : e;
}

/** The course's solutions to the config steps, applied in order to a fresh workspace, as a class would. */
async function finishedServer(): Promise<Workspace> {
  const fin = freshWorkspace(DOMAIN);
  // a config step's solution needs only the workspace and the built CLI (mailsec dkim genkey); "reload" has nothing to reload
  const env = {
    ws: fin,
    vars: fin.vars,
    sandbox: async () => ({ reload: async () => {} }),
    exec: async (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: fin.root, encoding: 'utf8', env: { ...process.env, MAILSEC_WORKSPACE: fin.root, LANG: 'C' } });
      return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
    },
  } as unknown as ProveEnv;
  for (const [ref, f] of COURSE) {
    const step = ref.split('/')[1];
    const solution = (f as LessonFixtures)[step]!.solution;
    for (const file of Object.keys(solution.files ?? {})) {
      const path = fin.resolve(file);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, edit(f as LessonFixtures, step, file, existsSync(path) ? readFileSync(path, 'utf8') : undefined, fin.vars));
    }
    if (solution.run) await solution.run(env);
  }
  return fin;
}

let sshd: RealSshd | undefined;
const parent = tempDir('mailsec-ssh-target-');
after(async () => {
  await sshd?.stop();
  rmSync(parent, { recursive: true, force: true });
});

test('a class VM’s configuration, read over a real ssh', { skip, timeout: 3 * 60_000 }, async (t) => {
  if (why) assert.fail(why);
  sshd = new RealSshd(join(parent, 'sshd'));
  await sshd.start(['AcceptEnv MAIL_CONFIG MAILSEC_SERVER_ROOT']);
  // the server's / : its etc/postfix is Postfix's config_directory
  const root = join(parent, 'server');
  const conf = join(root, 'etc/postfix');
  const start = freshWorkspace(DOMAIN);
  const fin = await finishedServer();
  /** The server's /etc becomes that workspace's etc/, with main.cf and master.cf possibly replaced. */
  const serve = (ws: Workspace, files: { main?: string; master?: string } = {}) => {
    rmSync(root, { recursive: true, force: true });
    cpSync(ws.resolve('etc'), join(root, 'etc'), { recursive: true });
    if (files.main !== undefined) writeFileSync(join(conf, 'main.cf'), files.main);
    if (files.master !== undefined) writeFileSync(join(conf, 'master.cf'), files.master);
    // postmap, as the lessons say to run after each table edit on a real server
    for (const f of readdirSync(conf)) if (!/\.(cf|db)$/.test(f)) writeFileSync(join(conf, `${f}.db`), 'built by postmap');
  };
  const startMain = readFileSync(start.resolve(MAIN), 'utf8');

  const env = {
    MAILSEC_SSH: sshd.sshCommand(['-o', 'SendEnv=MAIL_CONFIG', '-o', 'SendEnv=MAILSEC_SERVER_ROOT']),
    MAIL_CONFIG: conf,
    MAILSEC_SERVER_ROOT: root,
  };
  const login = `${sshd.user}@127.0.0.1:${sshd.port}`;
  // the learner's own workspace is another one: what is judged is the server's files
  const ws = freshWorkspace('otro-dominio.test').root;
  const check = (args: string[], lang: 'es' | 'ca' | 'en' = 'en') => checkJson(ws, args, { lang, env });

  /** Each step in a run of its own, as `mailsec check STEP` runs one. */
  const checkAll = async (lang: 'es' | 'en', first: string[] = []) => {
    const runs: Awaited<ReturnType<typeof check>>[] = [];
    for (const ref of STEPS) runs.push(await check([ref, ...(runs.length ? [] : first)], lang));
    return { by: (ref: string) => runs[STEPS.indexOf(ref)].by(ref), runs };
  };

  await t.test('finished: every config step passes, on the server’s files', async () => {
    serve(fin);
    const r = await checkAll('en', ['--target', '127.0.0.1:9', '--domain', DOMAIN, '--ssh', login]);
    for (const ref of STEPS) {
      const x = r.by(ref);
      assert.equal(x.status, 'pass', `${ref}: ${x.message}\n${x.evidence.join('\n')}`);
      assert.equal(x.remote, 'config');
      assert.equal(x.evidence[0], `Read over ssh on ${login}: ${conf}/main.cf and ${conf}/master.cf.`);
    }
    // a table main.cf names is read where main.cf says it is
    assert.equal(r.by('07-rules/body-checks').evidence[1], 'And also: /etc/postfix/body_checks.');
    // the submission steps load the whole configuration, every table main.cf names with it
    assert.match(r.by('13-submission/sender-login').evidence[1], /^And also: .*\/etc\/postfix\/sender_login[,.]/);
    for (const run of r.runs) {
      assert.equal(run.json.connections, 0, 'no SMTP connection for a config step');
      assert.equal(run.code, 0);
    }
  });

  await t.test('the course’s starting point: the expected reds, naming the server’s file and line', async () => {
    serve(start);
    const r = await checkAll('es');
    const tlsStep = r.by('02-tls/main-cf');
    assert.equal(tlsStep.status, 'fail');
    assert.equal(tlsStep.key, 'tls.configParam');
    assert.match(tlsStep.message, new RegExp(`^En ${conf}/main\\.cf, smtpd_tls_cert_file vale`));
    assert.ok(
      tlsStep.evidence.slice(1).every((l: string) => !l.startsWith('etc/postfix/')),
      `evidence names the server's path: ${tlsStep.evidence.join('\n')}`,
    );
    assert.equal(r.by('03-smtp-auth/sasl-config').status, 'fail');
    const relayStep = r.by('04-open-relay/restrictions');
    assert.equal(relayStep.status, 'fail');
    assert.match(relayStep.evidence.join('\n'), new RegExp(`${conf}/main\\.cf:\\d+: mynetworks`));
    const services = r.by('13-submission/services');
    assert.equal(services.key, 'submission.serviceMissing');
    assert.match(services.message, new RegExp(`${conf}/master\\.cf`));
    // the other daemons' files, under their own paths on the server
    const localCf = r.by('06-spamassassin/local-cf');
    assert.equal(localCf.key, 'filter.localcfCommented');
    assert.match(localCf.message, /^En \/etc\/spamassassin\/local\.cf, línea \d+, required_score está comentado/);
    assert.equal(localCf.evidence[1], 'Y también: /etc/spamassassin/local.cf.');
    const milter = r.by('09-dkim/milter');
    assert.equal(milter.key, 'auth.dkim.noMilter');
    assert.match(milter.evidence.join('\n'), /^\/etc\/opendkim\.conf:\d+: Socket local:/m);
    for (const run of r.runs) {
      assert.doesNotMatch(JSON.stringify(run.json), /mailsec sandbox reload/);
      assert.equal(run.code, 1);
    }
  });

  await t.test('the steps that read the log: on the last lines of the server’s own mail log', async () => {
    const log = join(conf, 'maillog');
    // Postfix's own log file (maillog_file), where `postconf -h maillog_file` says it is
    serve(start, { main: `${startMain}\nmaillog_file = ${log}\n` });
    const line = (time: string, what: string) => `Dec  8 ${time} mail ${what}`;
    const spamd = [
      line('00:05:00', 'spamd[900]: spamd: identified spam (999.0/5.0) for debian-spamd:110 in 0.2 seconds, 812 bytes.'),
      line('00:05:00', 'spamd[900]: spamd: result: Y 999 - ALL_TRUSTED,GTUBE scantime=0.2,size=812'),
    ];
    const ps = line('00:10:01', 'postfix/postscreen[4242]: CONNECT from [203.0.113.7]:40000 to [192.168.56.10]:25');
    const reload = line('00:11:00', 'postfix/master[812]: reload -- version 3.7.11, configuration /etc/postfix');
    writeFileSync(log, [...spamd, ps, reload, ''].join('\n'));
    const score = await check(['06-spamassassin/spamd-log', '--answer', '999.0/5.0']);
    const x = score.by('06-spamassassin/spamd-log');
    assert.equal(x.status, 'pass', `${x.message}\n${x.evidence.join('\n')}`);
    assert.equal(x.remote, 'log');
    assert.equal(x.evidence[0], `Read over ssh on ${login}: ${conf}/main.cf, ${conf}/master.cf and the last 5000 lines of ${log}.`);
    assert.equal(x.evidence[1], spamd[0]);
    const off = (await check(['14-dos/postscreen-off'])).by('14-dos/postscreen-off');
    assert.equal(off.status, 'pass', `${off.message}\n${off.evidence.join('\n')}`);
    // postscreen seen after the last reload: master.cf was changed but Postfix not reloaded
    writeFileSync(log, [...spamd, reload, ps, ''].join('\n'));
    const stale = (await check(['14-dos/postscreen-off'], 'es')).by('14-dos/postscreen-off');
    assert.equal(stale.key, 'postscreen.offNotReloaded');
    assert.match(stale.message, new RegExp(`${conf}/master\\.cf`));
    assert.doesNotMatch(stale.message, /mailsec sandbox reload/);
    // no log to read: those steps say why, the config steps still run
    rmSync(log);
    const none = (await check(['14-dos/postscreen-off'], 'es')).by('14-dos/postscreen-off');
    assert.equal(none.status, 'unchecked');
    assert.equal(none.key, 'remote.ssh.noLog');
    assert.match(none.message, /^no comprobado en remoto: no se ha podido leer el log de correo de .*No such file or directory/);
    assert.equal((await check(['02-tls/main-cf'])).by('02-tls/main-cf').remote, 'config');
  });

  await t.test('a file the check needs that cannot be read: not checked remotely, naming it; the other steps still run', async () => {
    serve(fin);
    // what cat cannot read, as a file the ssh user has no right to (this test's user is root, who reads any file)
    rmSync(join(root, 'etc/opendkim.conf'));
    mkdirSync(join(root, 'etc/opendkim.conf'));
    const x = (await check(['09-dkim/milter'], 'es')).by('09-dkim/milter');
    assert.equal(x.status, 'unchecked', `${x.message}\n${x.evidence.join('\n')}`);
    assert.equal(x.key, 'remote.ssh.unreadable');
    assert.equal(
      x.message,
      `no comprobado en remoto: en ${login} no se puede leer /etc/opendkim.conf (Is a directory). El usuario de --ssh tiene que poder leerlo.`,
    );
    assert.equal((await check(['07-rules/body-checks'])).by('07-rules/body-checks').status, 'pass');
    // a file that is not there is the server's own mistake, as in the sandbox, named where it is missing
    rmSync(join(root, 'etc/postfix/body_checks'));
    const gone = (await check(['07-rules/body-checks'])).by('07-rules/body-checks');
    assert.equal(gone.status, 'fail');
    assert.match(gone.message, /\/etc\/postfix\/body_checks/);
    rmSync(join(root, 'etc/spamassassin/local.cf'));
    const noLocal = (await check(['06-spamassassin/local-cf'])).by('06-spamassassin/local-cf');
    assert.equal(noLocal.status, 'fail');
    assert.match(noLocal.message, /\/etc\/spamassassin\/local\.cf/);
    assert.doesNotMatch(noLocal.message, /(^|\s)etc\/spamassassin/);
    // one huge table is not read, and only the steps that use it say so
    writeFileSync(
      join(conf, 'main.cf'),
      `${readFileSync(join(conf, 'main.cf'), 'utf8')}\nsmtpd_client_restrictions = check_client_access cidr:/etc/postfix/blocklist.cidr\n`,
    );
    writeFileSync(join(conf, 'blocklist.cidr'), '192.0.2.0/24 REJECT\n'.repeat(20_000));
    assert.equal((await check(['01-threats/myhostname'])).by('01-threats/myhostname').status, 'pass');
  });

  await t.test('a table right as text that postmap has not built: Postfix does not see it yet', async () => {
    serve(fin);
    assert.equal((await check(['07-rules/sender-access'])).by('07-rules/sender-access').status, 'pass');
    rmSync(join(conf, 'sender_access.db'));
    const x = (await check(['07-rules/sender-access'], 'es')).by('07-rules/sender-access');
    assert.equal(x.status, 'fail', `${x.message}\n${x.evidence.join('\n')}`);
    assert.equal(x.key, 'remote.ssh.notPostmapped');
    assert.match(
      x.message,
      /^El texto de \/etc\/postfix\/sender_access está bien, pero .* «postmap \/etc\/postfix\/sender_access» y después «postfix reload»\.$/,
    );
    // a .db older than the text: edited after the last postmap
    writeFileSync(join(conf, 'sender_login.db'), 'built by postmap');
    utimesSync(join(conf, 'sender_login.db'), new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    const login = (await check(['13-submission/sender-login'])).by('13-submission/sender-login');
    assert.equal(login.key, 'remote.ssh.notPostmapped');
    // a step that does not judge that table is not blamed for it
    assert.equal((await check(['13-submission/services'])).by('13-submission/services').status, 'pass');
  });

  const noNamed = whyNoNamed();
  await t.test(
    '09 publish-key: the record the server’s DNS serves, against the public .txt beside its key (never the key)',
    { skip: noNamed && process.env.MAILSEC_REQUIRE_TOOLS !== '1' ? noNamed : false },
    async () => {
      if (noNamed) assert.fail(noNamed);
      serve(fin);
      const zone = readFileSync(fin.resolve(`etc/bind/db.${DOMAIN}`), 'utf8');
      assert.match(zone, /^default\._domainkey/m, 'the finished zone publishes the key');
      const named = new RealNamed(join(parent, 'named'), { [DOMAIN]: zone });
      await named.start();
      try {
        const dns = `127.0.0.1:${named.port}`;
        const txt = `/etc/opendkim/keys/${DOMAIN}/default.txt`;
        const ok = (await check(['09-dkim/publish-key', '--dns', dns])).by('09-dkim/publish-key');
        assert.equal(ok.status, 'pass', `${ok.message}\n${ok.evidence.join('\n')}`);
        assert.equal(ok.remote, 'config');
        assert.equal(
          ok.message,
          `The DNS ${dns} publishes your public key at default._domainkey.${DOMAIN} (2048 bits), and it is the one in ${txt}, the “.txt” made with your private key.`,
        );
        assert.equal(ok.evidence[1], `And also: /etc/opendkim.conf, ${txt}.`);
        assert.ok(!ok.evidence.join('\n').includes('.private:'), 'the private key is not read');
        // another key's .txt on the server: the published one is not the pair of OpenDKIM's key
        const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
          .publicKey.export({ type: 'spki', format: 'der' })
          .toString('base64');
        writeFileSync(join(root, txt), `default._domainkey\tIN\tTXT\t( "v=DKIM1; h=sha256; k=rsa; "\n\t  "p=${other}" )\n`);
        const wrong = (await check(['09-dkim/publish-key'], 'es')).by('09-dkim/publish-key');
        assert.equal(wrong.key, 'auth.dkim.keyMismatch');
        assert.match(
          wrong.message,
          new RegExp(
            `^La clave pública publicada en default\\._domainkey\\.${DOMAIN.replace('.', '\\.')} no es la pareja de tu clave privada /etc/opendkim/keys/`,
          ),
        );
        assert.match(wrong.message, /en \/etc\/bind\/db\.alexdns\.local\.$/);
        // no .txt: whether the record is the key's is not seen from here
        rmSync(join(root, txt));
        const unseen = (await check(['09-dkim/publish-key'], 'es')).by('09-dkim/publish-key');
        assert.equal(unseen.status, 'unchecked');
        assert.equal(unseen.key, 'remote.notChecked.dkimKey');
        assert.match(
          unseen.message,
          new RegExp(`un registro DKIM válido \\(2048 bits\\).*${txt.replaceAll('.', '\\.')}.*nunca lee la clave privada`),
        );
        // the record gone from the zone the server's DNS serves: said as in the sandbox, with the dig to see it
        const serial = /\bSOA\s+\S+\s+\S+\s*\(?\s*(\d+)/.exec(zone)![1];
        await named.start({
          [DOMAIN]: zone.replace(serial, String(Number(serial) + 1)).replace(/^default\._domainkey[^)]*\)[^\n]*\n/m, ''),
        });
        const gone = (await check(['09-dkim/publish-key'])).by('09-dkim/publish-key');
        assert.equal(gone.key, 'auth.dkim.notPublished');
        assert.equal(
          gone.message,
          `The DNS ${dns} has nothing at default._domainkey.alexdns.local. On the server, add the record from ${txt} to /etc/bind/db.alexdns.local (“cat ${txt} >> /etc/bind/db.alexdns.local”), raise the SOA serial and reload BIND (“rndc reload”).`,
        );
        assert.match(
          gone.evidence.join('\n'),
          new RegExp(`dig @127\\.0\\.0\\.1 -p ${named.port} .*default\\._domainkey\\.alexdns\\.local`),
        );
        // no DNS named: not checked, saying how to name one
        const w2 = freshWorkspace('otro-dominio.test').root;
        const r = await runCli(['check', '09-dkim/publish-key', '--target', '127.0.0.1:9', '--domain', DOMAIN, '--ssh', login, '--json'], {
          ws: w2,
          lang: 'en',
          env,
        });
        const x = (JSON.parse(r.stdout) as RemoteOutput).results[0];
        assert.equal(x.key, 'remote.notChecked.noDns');
      } finally {
        await named.stop();
      }
    },
  );

  await t.test('ssh that cannot log in: not checked remotely, saying why and what to do', async () => {
    const r = await check(['02-tls/main-cf', '--ssh', `nadie@127.0.0.1:${sshd!.port}`], 'es');
    const x = r.by('02-tls/main-cf');
    assert.equal(x.status, 'unchecked');
    assert.equal(x.key, 'remote.ssh.failed');
    assert.match(
      x.message,
      new RegExp(
        `^no comprobado en remoto: ssh no ha podido entrar en nadie@127\\.0\\.0\\.1:${sshd!.port} sin pedir contraseña \\(.*Permission denied.*\\)\\. .*«ssh-copy-id -p ${sshd!.port} nadie@127\\.0\\.0\\.1»`,
      ),
    );
    assert.equal(r.code, 0, 'not checked is neither pass nor fail');
  });

  await t.test('a login where Postfix is not: the command that failed is named', async () => {
    const r = await runCli(['check', '02-tls/main-cf', '--ssh', login, '--json'], {
      ws,
      lang: 'en',
      env: { ...env, MAIL_CONFIG: join(parent, 'nowhere') },
    });
    const x = (JSON.parse(r.stdout) as RemoteOutput).results[0];
    assert.equal(x.key, 'remote.ssh.noPostfix');
    assert.match(
      x.message,
      /^not checked remotely: on .*, “postconf -h config_directory” did not work \(.*\)\. Is Postfix installed on that server\?$/,
    );
  });

  await t.test('the ssh command of MAILSEC_SSH runs in a shell, as git runs GIT_SSH_COMMAND; a wrong one is named', async () => {
    const quoted = `${sshd!.sshCommand(['-o', 'SendEnv=MAIL_CONFIG'])} -o 'ServerAliveInterval 5'`;
    const ok = await runCli(['check', '02-tls/main-cf', '--ssh', login, '--json'], {
      ws,
      lang: 'en',
      env: { ...env, MAILSEC_SSH: quoted },
    });
    assert.equal((JSON.parse(ok.stdout) as RemoteOutput).results[0].remote, 'config');
    const bad = await runCli(['check', '02-tls/main-cf', '--ssh', login, '--json'], {
      ws,
      lang: 'es',
      env: { ...env, MAILSEC_SSH: 'sssh -v' },
    });
    const x = (JSON.parse(bad.stdout) as RemoteOutput).results[0];
    assert.equal(x.key, 'remote.ssh.customFailed');
    assert.match(x.message, /^no comprobado en remoto: la orden de MAILSEC_SSH \(«sssh -v»\) no funciona \(.*not found\)\. Corrígela/);
  });

  await t.test('a server that does not answer, or whose host key ssh does not know: said apart from a refused login', async () => {
    const down = await runCli(['check', '02-tls/main-cf', '--ssh', `${sshd!.user}@127.0.0.1:9`, '--json'], { ws, lang: 'en', env });
    const x = (JSON.parse(down.stdout) as RemoteOutput).results[0];
    assert.equal(x.key, 'remote.ssh.unreachable');
    assert.match(x.message, /Connection refused/);
    const strict = sshd!
      .sshCommand()
      .replace('StrictHostKeyChecking=accept-new', 'StrictHostKeyChecking=yes')
      .replace(/UserKnownHostsFile=\S+/, 'UserKnownHostsFile=/dev/null');
    const unknown = await runCli(['check', '02-tls/main-cf', '--ssh', login, '--json'], {
      ws,
      lang: 'en',
      env: { ...env, MAILSEC_SSH: strict },
    });
    const y = (JSON.parse(unknown.stdout) as RemoteOutput).results[0];
    assert.equal(y.key, 'remote.ssh.hostKey');
    assert.match(y.message, new RegExp(`Connect once by hand \\(“ssh -p ${sshd!.port} ${sshd!.user}@127\\.0\\.0\\.1”\\)`));
  });

  await t.test('without --ssh the config steps say how to give one; a bad login is refused', async () => {
    const w2 = freshWorkspace('otro-dominio.test').root;
    const r = await runCli(['check', '02-tls/main-cf', '--target', '127.0.0.1:9', '--json'], { ws: w2, lang: 'ca' });
    const x = (JSON.parse(r.stdout) as RemoteOutput).results[0];
    assert.equal(x.key, 'remote.notChecked.noSsh');
    assert.match(x.message, /--ssh USUARI@HOST/);
    const bad = await runCli(['check', '--target', '127.0.0.1:9', '--ssh', 'sin-arroba'], { ws: w2, lang: 'en' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^“sin-arroba” is not a valid USER@HOST for --ssh/);
  });
});
