// Lesson 05's proof against a real server (`mailsec check --target`): the check presents itself
// through XCLIENT as the test address every DNSBL lists (127.0.0.2) and asks for the server's
// postmaster; the server's own DNSBL lookup, through its own resolver, decides.
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { NOT_CHECKED_PREFIX } from './remote-modes.js';
import { outsideSession } from './remote-probe.js';

export async function rblOnServer(ctx: CheckContext, list: string, client: string | undefined): Promise<Verdict> {
  // an address of the learner's choice is in a zone on the server
  if (!client) return fail(`${NOT_CHECKED_PREFIX}ssh`, {});
  const port = ctx.probe.ports.smtp;
  const rcpt = `postmaster@${ctx.vars.domain}`;
  const r = await outsideSession(ctx, client, { xclientOnly: true }, async (probe) => {
    const mail = await probe.command('MAIL FROM:<prueba@example.org>');
    if (mail.code !== 250) return { step: 'MAIL FROM', reply: mail };
    return { step: 'RCPT TO', reply: await probe.command(`RCPT TO:<${rcpt}>`) };
  });
  if ('verdict' in r) return r.verdict;
  if ('noXclient' in r) return fail(`${NOT_CHECKED_PREFIX}xclient`, { client, addr: r.noXclient });
  const reply = r.reply.raw;
  if (r.step === 'RCPT TO' && r.reply.code >= 500 && reply.toLowerCase().includes(`blocked using ${list.toLowerCase()}`))
    return pass('dns.rblRejectedOk', { client, list }, r.evidence);
  if (r.step === 'RCPT TO' && r.reply.code < 400) return fail('remote.rbl.accepted', { port, client, list, rcpt, reply }, r.evidence);
  return fail('remote.proof.unexpectedReply', { port, command: r.step, reply }, r.evidence);
}
