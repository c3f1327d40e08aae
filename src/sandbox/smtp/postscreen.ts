/**
 * postscreen(8) in front of smtpd, when master.cf runs it on the port (`smtp inet ... postscreen`
 * with an `smtpd pass ... smtpd` entry): the access list, then for a client it has not seen
 * pass, the "220-" greeting, the greet wait during which a client that talks first is caught
 * (PREGREET) and the DNS lists are asked, then the verdict (src/postfix/postscreen.ts): hand
 * the connection to smtpd (PASS NEW / PASS OLD / ALLOWLISTED), or refuse it with postscreen's
 * own small SMTP engine (enforce) or at once (drop). The outside listener stands for the
 * internet, so that is where a learner sees a bot turned away.
 */
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { ServiceConfig } from '../config/load.js';
import type { Listener } from '../pipeline.js';
import { dnsblRank, listedAnswer } from '../../postfix/dnsbl.js';
import { psAccess, psCommand, psLog, psVerdict, type PsClient, type PsEngineState, type PsVerdict } from '../../postfix/postscreen.js';
import { splitList } from '../../postfix/main-cf.js';
import { reverseAddress } from '../dns/rbl.js';

const PROGRAM = 'postfix/postscreen';
/** postscreen_greet_ttl: a client that passed is not tested again for a day */
const PASS_TTL_MS = 86_400_000;
/** postscreen keeps a command line to this many bytes; the rest of a longer line is dropped */
const LINE_MAX = 2048;

/** Postfix's "after" delay: seconds, up to two decimals, no trailing zeros ("0", "0.13", "1.5"). */
export function formatDelay(ms: number): string {
  return String(Number((ms / 1000).toFixed(2)));
}

export interface ScreenContext {
  rt: Runtime;
  svc: ServiceConfig;
  listener: Listener;
  socket: Socket;
  client: PsClient;
  /** the client passed: smtpd takes the connection from here */
  handoff: () => void;
}

/** The A answers of each list for the client's address, in the order of postscreen_dnsbl_sites. */
async function dnsblAnswers(rt: Runtime, addr: string, domains: string[]): Promise<Map<string, string[]>> {
  const rev = reverseAddress(addr);
  const out = new Map<string, string[]>();
  if (!rev) return out;
  await Promise.all(
    [...new Set(domains)].map(async (d) => {
      try {
        const a = (await rt.resolver(`${rev}.${d}`, 'A')) as string[];
        out.set(d, Array.isArray(a) ? a.filter((x) => typeof x === 'string') : []);
      } catch {
        // not listed, or the list did not answer: dnsblog logs nothing the learner needs
        out.set(d, []);
      }
    }),
  );
  return out;
}

export function screen(ctx: ScreenContext): void {
  const { rt, svc, socket, client } = ctx;
  const ps = svc.postscreen!;
  const cfg = ps.config;
  const log = (text: string) => rt.log.line(PROGRAM, text);
  const started = Date.now();
  log(psLog.connect(client));

  const access = psAccess(cfg.accessList, splitList(svc.mynetworksText), (spec, addr) => rt.config.tables.get(spec)?.lookup(addr)?.value, client.addr);
  const event = (result: string, extra: Record<string, unknown> = {}) =>
    rt.emit('postscreen', { listener: ctx.listener, client: { addr: client.addr, port: client.port }, result, ...extra });
  if (access === 'permit') {
    log(psLog.allowlisted(client));
    event('allowlisted');
    return ctx.handoff();
  }
  if (access === 'reject') log(psLog.denylisted(client));
  const passedUntil = rt.postscreenPassed.get(client.addr) ?? 0;
  if (access !== 'reject' && passedUntil > started) {
    log(psLog.passOld(client));
    event('pass-old');
    return ctx.handoff();
  }

  // the greet wait: a "220-" line, then silence expected from the client
  if (cfg.greetBanner) socket.write(`220-${cfg.greetBanner}\r\n`);
  let pregreet: Buffer | undefined;
  // the greet wait ends early once every test is done: the pregreet test (the client talked)
  // and the DNS lists, if any ("Terminate the greet delay if we're just waiting for the pregreet test")
  let listsDone = false;
  let wake: () => void = () => undefined;
  const onData = (d: Buffer) => {
    if (!pregreet) {
      log(psLog.pregreet(client, d.length, Number(formatDelay(Date.now() - started)), d.subarray(0, 100).toString('latin1')));
      pregreet = d;
      if (listsDone) wake();
    } else if (pregreet.length < LINE_MAX * 4) pregreet = Buffer.concat([pregreet, d]);
  };
  socket.on('data', onData);
  let gone = false;
  const onClose = () => {
    gone = true;
  };
  socket.once('close', onClose);
  const lookups = dnsblAnswers(
    rt,
    client.addr,
    cfg.dnsblSites.map((s) => s.domain),
  );

  void (async () => {
    const answers = await lookups;
    listsDone = true;
    await new Promise<void>((r) => {
      const timer = setTimeout(r, Math.max(0, cfg.greetWaitMs - (Date.now() - started)));
      wake = () => {
        clearTimeout(timer);
        r();
      };
      if (pregreet) wake();
    });
    socket.removeListener('data', onData);
    // postscreen only peeks at what a client sent early: smtpd (or postscreen's engine) still reads it
    socket.pause();
    socket.removeListener('close', onClose);
    for (const [domain, list] of answers)
      for (const a of list) if (listedAnswer(undefined, a)) rt.log.line('postfix/dnsblog', psLog.listed(client.addr, domain, a));
    if (gone || socket.destroyed) {
      log(psLog.disconnect(client));
      return;
    }
    const rank = dnsblRank(cfg.dnsblSites, (d) => answers.get(d) ?? []);
    if (cfg.dnsblSites.length && rank >= cfg.dnsblThreshold) log(psLog.rank(client, rank));
    // the reply names the heaviest list that has the client
    const hit = cfg.dnsblSites
      .filter((s) => (answers.get(s.domain) ?? []).some((a) => listedAnswer(s.filter, a)))
      .sort((a, b) => b.weight - a.weight)[0]?.domain;
    const pregreetText = pregreet?.toString('latin1');
    const v = psVerdict(cfg, { access, pregreet: pregreetText, rank }, client, hit);
    if (v.pass) {
      const clean = access !== 'reject' && pregreet === undefined && rank < cfg.dnsblThreshold;
      if (clean) {
        log(psLog.passNew(client));
        rt.postscreenPassed.set(client.addr, Date.now() + PASS_TTL_MS);
      }
      event(clean ? 'pass-new' : 'pass-ignored', { rank, pregreet: pregreet !== undefined });
      if (pregreet) socket.unshift(pregreet);
      ctx.handoff();
      socket.resume();
      return;
    }
    event(v.action === 'drop' ? 'drop' : 'enforce', { failure: v.failure, rank, pregreet: pregreet !== undefined });
    if (v.action === 'drop') {
      socket.end(`${v.reply.code} ${v.reply.enhanced} ${v.reply.text}\r\n`);
      log(psLog.disconnect(client));
      return;
    }
    enforce(ctx, v, pregreet);
  })().catch((e: Error) => {
    rt.emit('error', { stage: 'postscreen', error: e.stack ?? e.message });
    socket.destroy();
  });
}

/** postscreen's own SMTP engine for a refused client: it may talk, every RCPT is refused. */
function enforce(ctx: ScreenContext, v: Extract<PsVerdict, { pass: false }>, pregreet: Buffer | undefined): void {
  const { rt, svc, socket, client } = ctx;
  const cfg = svc.postscreen!.config;
  const st: PsEngineState = { proto: 'SMTP' };
  let buf = '';
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    rt.log.line(PROGRAM, psLog.disconnect(client));
  };
  const lines = (text: string) => {
    buf += text;
    for (let i = buf.indexOf('\n'); i >= 0 && !closed; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i).replace(/\r$/, '').slice(0, LINE_MAX);
      buf = buf.slice(i + 1);
      const step = psCommand(cfg, v, st, client, line, { sizeLimit: svc.messageSizeLimit, tls: false });
      socket.write(step.reply.map((l) => `${l}\r\n`).join(''));
      if (step.log) rt.log.line(PROGRAM, step.log);
      if (step.close) {
        socket.end();
        finish();
      }
    }
    if (buf.length > LINE_MAX) buf = buf.slice(-LINE_MAX);
  };
  socket.on('close', finish);
  socket.on('error', () => undefined);
  socket.setTimeout(rt.limits.timeoutMs, () => socket.destroy());
  socket.on('data', (d: Buffer) => lines(d.toString('latin1')));
  socket.resume();
  // a client that waited gets the rest of the greeting; one that talked first is answered
  if (pregreet) lines(pregreet.toString('latin1'));
  else socket.write(`220 ${svc.banner}\r\n`);
}
