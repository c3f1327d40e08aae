// OWNER: DNS work (issue 4). A Resolver (see pipeline.ts) that asks the embedded DNS over UDP/TCP.
import type { Resolver } from '../pipeline.js';

export function makeResolver(_host: string, _port: number): Resolver {
  return async (name: string) => {
    const e = new Error(`queryA ENOTFOUND ${name}`) as NodeJS.ErrnoException;
    e.code = 'ENOTFOUND';
    throw e;
  };
}
