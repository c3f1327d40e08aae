// Lesson 07's proofs against a real server (`mailsec check --target`): the check sends the probe
// itself, as an outside client (XCLIENT when the server allows it), to the server's postmaster:
// a body with the refused word, a mail announced bigger than the lesson's limit (SIZE=, nothing
// sent), a sender of the refused domain. The sandbox's version reads what the learner sent instead.
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { outsideSession } from './remote-probe.js';

/** Twice the lesson's message_size_limit (1048576), below Postfix's default (10240000). */
export const ANNOUNCED_SIZE = 2 * 1048576;
/** The probe's own sender: a reserved domain (RFC 2606), never a real third party. */
const PROBE_FROM = 'prueba@example.org';

type Rule = 'keyword' | 'size' | 'sender';

export async function proveOnServer(ctx: CheckContext, rule: Rule, sample: string): Promise<Verdict> {
  const port = ctx.probe.ports.smtp;
  const rcpt = `postmaster@${ctx.vars.domain}`;
  const from = rule === 'sender' ? `prueba@${sample}` : PROBE_FROM;
  const r = await outsideSession(ctx, ctx.remote!.outsideAddress, { xclientOnly: false }, async (probe) => {
    const mail = await probe.command(`MAIL FROM:<${from}>${rule === 'size' ? ` SIZE=${ANNOUNCED_SIZE}` : ''}`);
    if (mail.code !== 250 || rule === 'size') return { step: 'MAIL FROM', reply: mail };
    const to = await probe.command(`RCPT TO:<${rcpt}>`);
    if (to.code !== 250 || rule === 'sender') return { step: 'RCPT TO', reply: to };
    const data = await probe.command('DATA');
    if (data.code !== 354) return { step: 'DATA', reply: data };
    probe.send([
      `From: <${from}>`,
      `To: <${rcpt}>`,
      'Subject: mailsec: content rule test',
      '',
      `This test mail contains the word ${sample}.`,
    ]);
    return { step: '.', reply: await probe.command('.') };
  });
  if ('verdict' in r) return r.verdict;
  if ('noXclient' in r) throw new Error('XCLIENT is optional for this proof');
  const reply = r.reply.raw;
  const t = r.evidence;
  // each rule refuses at its own command: a refusal anywhere else (a relay denied, a wrong domain) proves nothing
  const at = { keyword: '.', size: 'MAIL FROM', sender: 'RCPT TO' }[rule];
  const refused =
    r.reply.code >= 500 &&
    r.step === at &&
    (rule === 'keyword' || (rule === 'size' && /^552\b/.test(reply)) || (rule === 'sender' && /sender address rejected/i.test(reply)));
  if (refused) return pass(`filter.proofOk.${rule}`, { reply }, t);
  if (r.reply.code >= 400 || r.step !== at) return fail('remote.proof.unexpectedReply', { port, command: r.step, reply }, t);
  if (rule === 'size') return fail('filter.sizeAccepted', { port, size: ANNOUNCED_SIZE, reply }, t);
  if (rule === 'sender') return fail('remote.filter.senderAccepted', { port, sample, reply }, t);
  return fail('remote.filter.keywordAccepted', { port, sample, rcpt, reply }, t);
}
