// What may differ between two runs of the same server, masked before comparing: queue
// ids, dates, process ids, delays, and the randomness of TLS and SASL challenges.

/** one reply line as compared: SASL challenges are decoded, their nonces masked */
export function maskReply(line: string): string {
  let l = line.replace(/ queued as [0-9A-Za-z]+/, ' queued as QID');
  const m = /^334 ([A-Za-z0-9+/=]+)$/.exec(l);
  if (m) {
    const text = Buffer.from(m[1], 'base64').toString('latin1');
    if (/^[\x20-\x7e]*$/.test(text))
      l =
        '334 base64:' +
        text
          .replace(/^<\d+\.\d+@/, '<N.N@')
          .replace(/nonce="[^"]*"/, 'nonce="N"')
          .replace(/rspauth=\w+/, 'rspauth=N');
  }
  return l;
}

/** the same path in both logs: the real instance's folders and the workspace both read as /etc/postfix... */
export interface Roots {
  real: string;
  ws: string;
}

/** Lines that are not about the dialogue: the real master's reloads, anvil's periodic statistics, the sandbox's DNS server. */
const IGNORED = [/^postfix\/master: (reload|daemon started)/, /^postfix\/anvil: statistics:/, /^postfix\/postfix-script: /, /^named: /];

/** one mail.log line as compared, or undefined when it is not part of the comparison */
export function maskLog(line: string, roots: Roots): string | undefined {
  let l = line.replace(/^\w{3} [ 0-9]\d \d\d:\d\d:\d\d \S+ ([^\s[:]+)(?:\[\d+\])?: /, '$1: ');
  if (IGNORED.some((r) => r.test(l))) return undefined;
  l = l.split(`${roots.real}/etc/`).join('/etc/postfix/').split(roots.real).join('').split(roots.ws).join('');
  return (
    l
      // a queue id leads the text of a line about its message (Postfix's are hex, and may be all digits)
      .replace(/^([^\s:]+: (?:warning: )?)[0-9A-F]{6,16}: /, '$1QID: ')
      .replace(/\b(?=[0-9A-F]*[A-F])(?=[0-9A-F]*\d)[0-9A-F]{8,14}\b/g, 'QID')
      .replace(/(queued as |outbox\/)[0-9A-F]{6,16}\b/g, '$1QID')
      .replace(/<\d{14}\.QID@/g, '<DATE.QID@')
      .replace(/main\.cf, line \d+/g, 'main.cf, line N')
      .replace(/\bdelay=[\d.]+/g, 'delay=N')
      .replace(/\bdelays=[\d./]+/g, 'delays=N')
      // the size counts the Received: header, whose queue id has no fixed length
      .replace(/\bsize=\d+, nrcpt=/g, 'size=N, nrcpt=')
      .replace(/\bpid \d+/g, 'pid N')
      // nothing leaves either machine: the real instance hands remote mail to discard(8), the sandbox captures it
      .replace(
        /^postfix\/(discard|smtp): (QID: to=<[^>]*>, relay=none, delay=N, delays=N, dsn=2\.0\.0, status=sent) \(.*\)$/,
        'postfix/OFF-MACHINE: $2',
      )
      // OpenSSL's own error strings name its build's source files
      .replace(/(warning: TLS library problem: ).*/, '$1OPENSSL-ERROR')
  );
}
