// Where the capstone's break is recorded in the workspace (handed in with it, so a grader's
// checks see it), and what the record holds: the domain it was made for and the areas broken.
import type { Area } from './capstone-plan.js';

export const CAPSTONE_RECORD = 'var/lib/mailsec/capstone.json';

export interface CapstoneRecord {
  version: 1;
  domain: string;
  brokenAt: string;
  areas: Area[];
}
