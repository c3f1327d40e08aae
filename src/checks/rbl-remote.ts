// Lesson 05's proof against a real server (`mailsec check --target`): the check presents itself
// through XCLIENT as the test address every DNSBL lists (127.0.0.2) and asks for the server's
// postmaster; the server's own DNSBL lookup, through its own resolver, decides.
import { pass, fail, type CheckContext, type Verdict } from './types.js';
import { withProbe, type Reply } from './probe.js';
import { probeFailure } from './live.js';
import { playOutside } from './smtp.js';
import { rethrowBug } from '../util/errors.js';
import { t } from '../i18n/messages.js';
import { NOT_CHECKED_PREFIX } from './remote-modes.js';

export async function rblOnServer(ctx: CheckContext, list: string, client: string | undefined): Promise<Verdict> {
  // an address of the learner's choice is in a zone on the server
  if (!client) return fail(`${NOT_CHECKED_PREFIX}ssh`, {});
  const port = ctx.probe.ports.smtp;
  const rcpt = `postmaster@${ctx.vars.domain}`;
  let transcript: string[] = [];
  try {
    const r = await withProbe(ctx.probe.host, port, async (probe): Promise<{ step: string; reply: Reply } | { noXclient: string }> => {
      transcript = probe.transcript;
      const banner = await probe.read();
      if (banner.code !== 220) return { step: 'banner', reply: banner };
      const { reply: ehlo, ext } = await probe.ehlo();
      if (ehlo.code !== 250) return { step: 'EHLO', reply: ehlo };
      const as = await playOutside(probe, ext, client);
      if ('step' in as) return as;
      if (!as.xclient) return { noXclient: probe.localAddress };
      const mail = await probe.command('MAIL FROM:<prueba@example.org>');
      if (mail.code !== 250) return { step: 'MAIL FROM', reply: mail };
      return { step: 'RCPT TO', reply: await probe.command(`RCPT TO:<${rcpt}>`) };
    });
    if ('noXclient' in r) return fail(`${NOT_CHECKED_PREFIX}xclient`, { client, addr: r.noXclient });
    const as = t(ctx.lang, 'remote.asOutside', { addr: client });
    const ev = [as, ...transcript];
    const reply = r.reply.raw;
    if (r.step === 'RCPT TO' && r.reply.code >= 500 && reply.toLowerCase().includes(`blocked using ${list.toLowerCase()}`))
      return pass('dns.rblRejectedOk', { client, list }, ev);
    if (r.step === 'RCPT TO' && r.reply.code < 400) return fail('remote.rbl.accepted', { port, client, list, rcpt, reply }, ev);
    return fail('smtp.unexpectedReply', { port, command: r.step, reply }, ev);
  } catch (e) {
    rethrowBug(e);
    return probeFailure(e, port, transcript);
  }
}
