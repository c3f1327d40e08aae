// The command line's options, shared by cli.ts (which parses them) and every command
// (which reads them): a module of its own so the commands never import cli.ts.
import type { parseArgs } from 'node:util';
import type { Lang } from '../i18n/lang.js';

export interface GlobalOptions {
  lang: Lang;
  langExplicit: boolean;
  workspace?: string;
  json: boolean;
  plain: boolean;
}

export const options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  lang: { type: 'string' },
  workspace: { type: 'string', short: 'w' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  plain: { type: 'boolean' },
  domain: { type: 'string' },
  answer: { type: 'string', short: 'a', multiple: true },
  out: { type: 'string', short: 'o' },
  watch: { type: 'boolean' },
  'no-watch': { type: 'boolean' },
  'no-sandbox': { type: 'boolean' },
  name: { type: 'string' },
  keep: { type: 'string' },
  class: { type: 'string' },
  student: { type: 'string' },
  teacher: { type: 'string' },
  email: { type: 'string' },
  course: { type: 'string' },
  html: { type: 'string' },
  feedback: { type: 'string' },
  target: { type: 'string' },
  dns: { type: 'string' },
  ssh: { type: 'string' },
  'no-target': { type: 'boolean' },
  'i-own-this-server': { type: 'boolean' },
} as const;

export type Args = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
