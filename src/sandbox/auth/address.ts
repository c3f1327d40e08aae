// Domain names as SPF, DKIM and DMARC compare them: no public suffix list here, so the
// checks can use these without loading it (api.ts re-exports them).

export function normalizeDomain(d: string): string {
  return d.trim().toLowerCase().replace(/\.+$/, '');
}

/** The domain part of an address (the last @), lowercased; '' for none. */
export function domainOf(address: string): string {
  const a = address.trim().replace(/^<|>$/g, '');
  const at = a.lastIndexOf('@');
  return at < 0 ? '' : normalizeDomain(a.slice(at + 1));
}
