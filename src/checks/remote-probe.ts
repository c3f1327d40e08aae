// One SMTP session to a real server's port 25 as an outside client, for the proofs a check sends
// itself (`mailsec check --target`): XCLIENT ADDR= when the server allows this machine, else from
// where the learner sits (said in the first evidence line) or, when only that address proves the
// step, not at all.
import { withProbe, type Reply, type SmtpProbe } from './probe.js';
import { probeFailure } from './live.js';
import { outsideNote, playOutside } from './smtp.js';
import { rethrowBug } from '../util/errors.js';
import type { CheckContext, Verdict } from './types.js';

/** The command that got the reply a session ends on. */
export type Last = { step: string; reply: Reply };

export type Session =
  /** the dialogue ran: its last reply, what was said, and who the server saw (first line) */
  | (Last & { evidence: string[] })
  /** XCLIENT was needed and the server does not offer it to this machine (its address) */
  | { noXclient: string }
  | { verdict: Verdict };

export async function outsideSession(
  ctx: CheckContext,
  addr: string,
  o: { xclientOnly: boolean },
  dialogue: (probe: SmtpProbe) => Promise<Last>,
): Promise<Session> {
  const port = ctx.probe.ports.smtp;
  let transcript: string[] = [];
  let note = '';
  try {
    const r = await withProbe(ctx.probe.host, port, async (probe): Promise<Last | { noXclient: string }> => {
      transcript = probe.transcript;
      const banner = await probe.read();
      if (banner.code !== 220) return { step: 'banner', reply: banner };
      const { reply: ehlo, ext } = await probe.ehlo();
      if (ehlo.code !== 250) return { step: 'EHLO', reply: ehlo };
      const as = await playOutside(probe, ext, addr);
      if ('step' in as) return as;
      if (!as.xclient && o.xclientOnly) return { noXclient: probe.localAddress };
      note = outsideNote(ctx, as.xclient ? addr : undefined, probe.localAddress);
      return dialogue(probe);
    });
    if ('noXclient' in r) return r;
    return { ...r, evidence: [note, ...transcript] };
  } catch (e) {
    rethrowBug(e);
    return { verdict: probeFailure(e, port, transcript) };
  }
}
