// Lesson 08's last step against a real server (`mailsec check --target`): the check sends the spoofed
// mail itself, from the outside address (XCLIENT), with the learner's domain as envelope sender; the
// server's own SPF policy service, asking its own DNS, must refuse it.
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { NOT_CHECKED_PREFIX } from './remote-modes.js';
import { outsideSession } from './remote-probe.js';

export async function spfRejectedOnServer(ctx: CheckContext): Promise<Verdict> {
  const port = ctx.probe.ports.smtp;
  const client = ctx.remote!.outsideAddress;
  const from = `director@${ctx.vars.domain}`;
  const rcpt = `postmaster@${ctx.vars.domain}`;
  const r = await outsideSession(ctx, client, { xclientOnly: true }, async (probe) => {
    const mail = await probe.command(`MAIL FROM:<${from}>`);
    if (mail.code !== 250) return { step: 'MAIL FROM', reply: mail };
    return { step: 'RCPT TO', reply: await probe.command(`RCPT TO:<${rcpt}>`) };
  });
  if ('verdict' in r) return r.verdict;
  // from this machine the mail may well pass SPF: only an outside address proves the step
  // (no swaks --local-interface on the server for this one: 203.0.113.7 is no address of it)
  if ('noXclient' in r) return fail(`${NOT_CHECKED_PREFIX}xclientOutside`, { client, addr: r.noXclient });
  const reply = r.reply.raw;
  if (r.step === 'RCPT TO' && r.reply.code >= 500 && /\bSPF\b/i.test(reply))
    return pass('auth.spf.rejectedOk', { client, reply }, r.evidence);
  if (r.step === 'RCPT TO' && r.reply.code < 400) return fail('remote.spf.accepted', { port, client, from, rcpt, reply }, r.evidence);
  return fail('remote.proof.unexpectedReply', { port, command: r.step, reply }, r.evidence);
}
