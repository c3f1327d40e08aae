// An in-memory DNS for the auth tests: records by name and type, node's error codes.
import type { Resolver } from '../../../src/sandbox/pipeline.js';

export type Records = Record<string, Record<string, unknown[]>>;

export interface MemoryResolver extends Resolver {
  queries: string[];
}

export function memoryResolver(records: Records, o: { timeout?: string[] } = {}): MemoryResolver {
  const queries: string[] = [];
  const r = (async (name: string, rrtype: string) => {
    const n = name.toLowerCase().replace(/\.$/, '');
    queries.push(`${rrtype} ${n}`);
    if (o.timeout?.includes(n)) throw Object.assign(new Error(`query ETIMEOUT ${n}`), { code: 'ETIMEOUT' });
    const at = records[n];
    if (!at) throw Object.assign(new Error(`query ENOTFOUND ${n}`), { code: 'ENOTFOUND' });
    const v = at[rrtype];
    if (!v || !v.length) throw Object.assign(new Error(`query ENODATA ${n}`), { code: 'ENODATA' });
    return v;
  }) as MemoryResolver;
  r.queries = queries;
  return r;
}

/** TXT as node answers it: one array of strings per record. */
export const txt = (...records: (string | string[])[]) => ({ TXT: records.map((r) => (Array.isArray(r) ? r : [r])) });
