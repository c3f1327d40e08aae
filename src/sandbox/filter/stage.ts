/**
 * The content filter as the tutorial wires it: smtpd's `-o content_filter=spamassassin`
 * hands each message to the `spamassassin` pipe service, which runs
 * `spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}`; spamc asks spamd to
 * score and mark it up, and sendmail puts the result back into Postfix for delivery.
 *
 * In the sandbox the part spamd plays is the embedded scorer, configured by the
 * workspace's etc/spamassassin/local.cf (read when the sandbox starts or reloads, as
 * spamd reads it when it (re)starts). A real spamd is used instead when one is named:
 *   - MAILSEC_SPAMD=127.0.0.1:783 in the environment (MAILSEC_SPAMD=embedded forces the scorer), or
 *   - spamc's own -d HOST / -p PORT, in master.cf's argv or in etc/spamassassin/spamc.conf.
 * Only loopback addresses are used. With no wiring there is no stage; half-wired, mail is
 * delivered unfiltered and the log says which part is missing.
 *
 * Deliberate differences, said in the lesson: there are no Unix users (user=spamd is
 * accepted as written, logged with uid 1000), and the message is delivered with the
 * queue id it got from smtpd instead of going through sendmail/pickup again.
 */
import type { MessageIn, MessageStage, StageContext, StageOutcome, Decision } from '../pipeline.js';
import { parseLocalCf, type LocalCf } from './localcf.js';
import { LOCAL_CF, SPAMC_CONF } from '../names.js';
import { scoreMessage } from './scorer.js';
import { markup, fixed } from './markup.js';
import { filterWiring, MASTER_CF, type FilterWiring } from './wiring.js';
import { spamc, parseSpamdAddress, isLoopback, SpamdError, type SpamdAddress } from './spamc.js';
import { get, parseMessage } from './message.js';

/** the uid the sandbox logs for the pipe's user (there are no Unix users here) */
export const PIPE_UID = 1000;

export interface SpamResult {
  engine: 'embedded' | 'spamd';
  isSpam: boolean;
  score: number;
  required: number;
  tests: string[];
  autolearn: string;
  /** the message as spamc hands it to sendmail, "\n" line endings, latin1 string */
  text: string;
}

function readText(ctx: StageContext, rel: string): string | undefined {
  try {
    return ctx.ws.readText(rel);
  } catch {
    return undefined;
  }
}

/** Which spamd the stage asks: an explicit real one, or the embedded scorer. */
export function chooseSpamd(w: FilterWiring, env: NodeJS.ProcessEnv = process.env): { addr?: SpamdAddress; warning?: string } {
  const e = (env.MAILSEC_SPAMD ?? '').trim();
  if (/^(embedded|off|none)$/i.test(e)) return {};
  let addr: SpamdAddress | undefined;
  if (e) {
    addr = parseSpamdAddress(e);
    if (!addr) return { warning: `MAILSEC_SPAMD=${e} is not host:port; using the embedded scorer` };
  } else if (w.spamc && (w.spamc.host || w.spamc.port)) {
    addr = { host: w.spamc.host ?? '127.0.0.1', port: w.spamc.port ?? 783 };
  }
  if (addr && !isLoopback(addr.host)) return { warning: `spamd at ${addr.host} is not on this machine; the sandbox only talks to loopback, using the embedded scorer` };
  return { addr };
}

/** "tests=A,B,\n\tC autolearn=no" from an X-Spam-Status header */
function statusTests(text: string): { tests: string[]; autolearn: string } {
  const msg = parseMessage(text);
  // folding may break the list after a comma: "tests=A,B,\n\tC"
  const status = get(msg, 'X-Spam-Status').replace(/\s+/g, ' ').replace(/, /g, ',');
  const tests = /tests=(\S*)/.exec(status)?.[1] ?? '';
  return { tests: tests && tests !== 'none' ? tests.split(',').filter(Boolean) : [], autolearn: /autolearn=(\S+(?: autolearn_force=\S+)?)/.exec(status)?.[1] ?? 'unavailable' };
}

export async function scoreWith(addr: SpamdAddress | undefined, lf: string, local: LocalCf, hostname: string, user: string): Promise<SpamResult> {
  if (!addr) {
    const r = scoreMessage(lf, local.conf);
    const text = markup(r, local.conf, { hostname }, lf);
    return { engine: 'embedded', isSpam: r.isSpam, score: r.score, required: r.required, tests: r.hits.map((h) => h.name).sort(), autolearn: r.autolearn, text };
  }
  const reply = await spamc(addr, 'PROCESS', Buffer.from(lf, 'latin1'), { user });
  if (reply.code !== 0 || !reply.spam) throw new SpamdError(`spamd answered ${reply.code} ${reply.text}`, 'protocol');
  const text = reply.body.toString('latin1');
  const st = statusTests(text);
  return { engine: 'spamd', isSpam: reply.spam.isSpam, score: reply.spam.score, required: reply.spam.threshold, tests: st.tests.sort(), autolearn: st.autolearn, text };
}

/** spamd's two syslog lines for one message (spamd/spamd.raw: info("spamd: $was_it_spam ...")) */
export function spamdLogLines(r: SpamResult, o: { user: string; uid: number; bytes: number; seconds: number; mid: string; rport: number }): string[] {
  const score = fixed(r.score, 1);
  const reqd = fixed(r.required, 1);
  const secs = o.seconds.toFixed(1);
  const what = r.isSpam ? 'identified spam' : 'clean message';
  const mid = o.mid.replace(/[\x00-\x20\s,]/g, '_');
  const result = `${r.isSpam ? 'Y' : '.'} ${String(Math.trunc(r.score)).padStart(2, ' ')} - ${r.tests.join(',')}`;
  return [
    `spamd: connection from localhost [127.0.0.1]:${o.rport} to port 783, fd 5`,
    `spamd: processing message ${o.mid} for ${o.user}:${o.uid}`,
    `spamd: ${what} (${score}/${reqd}) for ${o.user}:${o.uid} in ${secs} seconds, ${o.bytes} bytes.`,
    `spamd: result: ${result} scantime=${secs},size=${o.bytes},user=${o.user},uid=${o.uid},required_score=${reqd},rhost=localhost,raddr=127.0.0.1,rport=${o.rport},mid=${mid},autolearn=${r.autolearn}`,
  ];
}

export function contentFilterStage(ctx: StageContext): MessageStage | undefined {
  // the master.cf of the snapshot the sandbox loaded; a changed file counts only after a reload
  const wiring = filterWiring(ctx.cfg, ctx.master ?? readText(ctx, MASTER_CF), readText(ctx, SPAMC_CONF));
  const local = parseLocalCf(readText(ctx, LOCAL_CF) ?? '');
  for (const p of wiring.problems) ctx.log(`mailsec/filter: warning: ${p.log}`);
  if (wiring.mainCfLoop) {
    ctx.log('mailsec/filter: warning: content_filter is set in main.cf: on a real Postfix it also applies to the mail spamc hands back through sendmail, which loops; set it only on the smtp service with -o in master.cf');
  }
  ctx.event({ type: 'filterConfig', state: wiring.state, transports: wiring.transports, problems: wiring.problems.map((p) => ({ key: p.key, params: p.params })), mainCfLoop: wiring.mainCfLoop, localcfIssues: local.issues.map((i) => i.text) });
  if (wiring.state === 'off' || (wiring.state === 'half' && !Object.values(wiring.transports).some(Boolean))) return undefined;
  if (wiring.state === 'wired') for (const i of local.issues) ctx.log(`spamd[0]: ${i.text}`);
  const transport = (l: MessageIn['session']['listener']) => wiring.transports[l];
  let conn = 0;

  return {
    name: 'content_filter',
    async run(msg: MessageIn, c: StageContext): Promise<StageOutcome> {
      const name = transport(msg.session.listener);
      if (!name) return { action: 'continue' };
      const note = (result: string, reason: string, key: string, params: Record<string, string | number>): Decision => ({
        stage: 'content_filter',
        rule: `content_filter=${name}`,
        result,
        reason,
        key,
        params,
      });
      if (wiring.state !== 'wired') {
        const p = wiring.problems[0];
        if (p?.key === 'filter.noService') c.log(`postfix/qmgr[0]: warning: connect to transport private/${name}: No such file or directory`);
        c.log(`mailsec/filter: warning: ${msg.queueId}: delivered without the content filter: ${p?.log ?? 'the filter is half-wired'}`);
        c.event({ type: 'spam', session: msg.session.id, queueId: msg.queueId, engine: 'none', skipped: p?.key ?? 'filter.halfWired' });
        return { action: 'continue', notes: [note('skipped', p?.log ?? 'half-wired', 'filter.why.halfWired', { name })] };
      }
      const started = Date.now();
      const raw = msg.raw.toString('latin1');
      const crlf = raw.includes('\r\n');
      const lf = raw.replace(/\r\n/g, '\n');
      const bytes = Buffer.byteLength(lf, 'latin1');
      const user = wiring.spamc?.user ?? wiring.pipeUser ?? 'spamd';
      const pipeLine = (status: string) => {
        const d = ((Date.now() - started) / 1000).toFixed(2);
        for (const to of msg.envelope.rcptTo) c.log(`postfix/pipe[0]: ${msg.queueId}: to=<${to}>, relay=${name}, delay=${d}, delays=0/0/0/${d}, dsn=2.0.0, status=${status}`);
      };
      const spamcConf = wiring.spamc!;
      if (bytes > spamcConf.maxSize) {
        c.log(`spamc[0]: skipped message, greater than max message size (${spamcConf.maxSize} bytes)`);
        pipeLine(`sent (delivered via ${name} service)`);
        c.event({ type: 'spam', session: msg.session.id, queueId: msg.queueId, engine: 'none', skipped: 'size', size: bytes, maxSize: spamcConf.maxSize });
        return {
          action: 'continue',
          notes: [note('skipped', `${bytes} bytes is over spamc's -s limit of ${spamcConf.maxSize}: passed on unscanned`, 'filter.why.tooBig', { bytes, max: spamcConf.maxSize })],
        };
      }
      const choice = chooseSpamd(wiring);
      if (choice.warning) c.log(`mailsec/filter: warning: ${choice.warning}`);
      let r: SpamResult;
      try {
        r = await scoreWith(choice.addr, lf, local, c.hostname, user);
      } catch (e) {
        const err = e as SpamdError;
        const a = choice.addr!;
        if (err.reason === 'refused' || err.reason === 'io') {
          c.log(`spamc[0]: connect to spamd on ${a.host} failed, retrying (#1 of 3): Connection refused`);
          c.log(`spamc[0]: connection attempt to spamd aborted after 3 retries`);
        } else {
          c.log(`spamc[0]: failed sending message to spamd: ${err.message}`);
        }
        pipeLine(`sent (delivered via ${name} service)`);
        c.event({ type: 'spam', session: msg.session.id, queueId: msg.queueId, engine: 'spamd', error: err.message, spamd: `${a.host}:${a.port}` });
        return {
          action: 'continue',
          notes: [note('unscanned', `spamd at ${a.host}:${a.port} did not answer (${err.message}); spamc passes the mail on unchanged`, 'filter.why.noSpamd', { spamd: `${a.host}:${a.port}` })],
        };
      }
      const mid = get(parseMessage(lf), 'Message-Id').trim().split(/\s+/)[0] || '(unknown)';
      const seconds = (Date.now() - started) / 1000;
      const rport = 40000 + (++conn % 20000);
      for (const l of spamdLogLines(r, { user, uid: PIPE_UID, bytes, seconds, mid, rport })) c.log(`spamd[0]: ${l}`);
      pipeLine(`sent (delivered via ${name} service)`);
      const out = parseMessage(r.text);
      c.event({
        type: 'spam',
        session: msg.session.id,
        queueId: msg.queueId,
        engine: r.engine,
        isSpam: r.isSpam,
        score: r.score,
        required: r.required,
        tests: r.tests,
        autolearn: r.autolearn,
        subject: get(out, 'Subject'),
        from: msg.envelope.mailFrom,
        to: msg.envelope.rcptTo,
      });
      const why = `score ${fixed(r.score, 1)} ${r.isSpam ? '>=' : '<'} required_score ${fixed(r.required, 1)}; tests: ${r.tests.join(', ') || 'none'} (${r.engine === 'spamd' ? 'spamd' : 'embedded scorer'})`;
      const text = crlf ? r.text.replace(/\r?\n/g, '\r\n') : r.text;
      const params = { score: fixed(r.score, 1), required: fixed(r.required, 1), tests: r.tests.join(', ') || 'none' };
      return { action: 'continue', raw: Buffer.from(text, 'latin1'), notes: [note(r.isSpam ? 'spam' : 'ham', why, r.isSpam ? 'filter.why.spam' : 'filter.why.ham', params)] };
    },
  };
}
