// Postfix's syntax checks of host names and address literals (valid_hostname(),
// valid_mailhost_literal(), the XCLIENT ADDR value) and trivial-rewrite's verdict on the
// domain of an envelope address, which smtpd turns into "Bad ... address syntax".

const LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** valid_hostname(): labels of letters, digits, '-' and '_' (63 at most), 255 characters, not all numeric; a final dot is allowed. */
export function validHostname(name: string): boolean {
  if (!name || name.length > 255 || /^[0-9.]+$/.test(name)) return false;
  const labels = name.endsWith('.') ? name.slice(0, -1).split('.') : name.split('.');
  return labels.every((l) => LABEL.test(l));
}

/** valid_ipv4_hostaddr(): four decimal parts of at most 255 */
export function validIpv4(addr: string): boolean {
  const parts = addr.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** An IPv6 address in its compressed lower-case form, or undefined when it is not one. */
export function normalIpv6(addr: string): string | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(addr) || !addr.includes(':')) return undefined;
  try {
    return new URL(`http://[${addr}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** valid_mailhost_literal(): "[1.2.3.4]" or "[IPv6:...]" */
export function validMailhostLiteral(literal: string): boolean {
  const m = /^\[(.*)\]$/.exec(literal);
  if (!m) return false;
  const inner = m[1];
  return /^ipv6:/i.test(inner) ? normalIpv6(inner.slice(5)) !== undefined : validIpv4(inner);
}

/**
 * Whether trivial-rewrite takes the domain of an envelope address (otherwise smtpd answers
 * 501 5.1.7 / 5.1.3 Bad sender / recipient address syntax): none (a local name) or the null
 * sender is fine, an empty one ("a@", resolve_null_domain = no) is not, a literal must be a
 * mailhost literal, a name must be a valid hostname (a non-ASCII one in its A-label form,
 * with smtputf8_enable).
 */
export function envelopeDomainOk(addr: string, smtputf8: boolean): boolean {
  let at = -1;
  for (let i = 0, quoted = false; i < addr.length; i++) {
    if (quoted && addr[i] === '\\') i++;
    else if (addr[i] === '"') quoted = !quoted;
    else if (!quoted && addr[i] === '@') at = i;
  }
  if (at < 0) return true;
  const domain = addr.slice(at + 1);
  if (domain.startsWith('[')) return validMailhostLiteral(domain);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(domain)) {
    if (!smtputf8) return false;
    try {
      return validHostname(new URL(`http://${domain}/`).hostname);
    } catch {
      return false;
    }
  }
  return validHostname(domain);
}

/**
 * XCLIENT ADDR's value as smtpd stores it, or undefined for "Bad ADDR syntax": an IPv4
 * address (a part with a leading 0 is octal, as the C library reads it), or "IPv6:" and an
 * IPv6 address when inet_protocols has ipv6 (a v4-mapped one becomes its IPv4 address).
 */
export function xclientAddr(value: string, ipv6: boolean): string | undefined {
  if (/^ipv6:/i.test(value)) {
    if (!ipv6) return undefined;
    const v6 = normalIpv6(value.slice(5));
    if (v6 === undefined) return undefined;
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
    if (!mapped) return v6;
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  if (!validIpv4(value)) return undefined;
  const parts = value.split('.').map((p) => (/^0[0-7]+$/.test(p) ? parseInt(p, 8) : /^0\d/.test(p) ? NaN : Number(p)));
  return parts.some((n) => Number.isNaN(n)) ? undefined : parts.join('.');
}
