// OWNER: DNS work (issue 4). reject_rbl_client's lookup: A of the reversed address under the list, then TXT.
import type { Resolver } from '../pipeline.js';

export interface RblResult {
  listed: boolean;
  /** the A answer, e.g. 127.0.0.2 */
  answer?: string;
  /** the list's TXT record, when it has one */
  txt?: string;
}

export async function rblLookup(_resolver: Resolver, _clientAddr: string, _list: string): Promise<RblResult> {
  return { listed: false };
}
