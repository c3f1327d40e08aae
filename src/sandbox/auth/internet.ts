// The simulated internet is the zones the sandbox serves: a name outside all of them does
// not exist. The embedded DNS is authoritative only and answers REFUSED for such names;
// SPF, DKIM and DMARC must read that as NXDOMAIN, not as a DNS failure (temperror).
import type { Resolver } from '../pipeline.js';
import { rethrowBug } from '../../util/errors.js';

export function internetResolver(r: Resolver): Resolver {
  return async (name: string, rrtype: string) => {
    try {
      return await r(name, rrtype);
    } catch (e) {
      rethrowBug(e);
      const err = e as NodeJS.ErrnoException;
      if (err?.code === 'EREFUSED') {
        const nx = new Error(`query ENOTFOUND ${name}`) as NodeJS.ErrnoException;
        nx.code = 'ENOTFOUND';
        throw nx;
      }
      throw e;
    }
  };
}
