/**
 * The sandbox's public face: code outside src/sandbox/ (checks, UI, commands, core,
 * grading, workspace, mailcrypto) imports the sandbox through this module, or through
 * api-config.ts for what only checks and commands need (scripts/lint.mjs enforces both).
 * Inside src/sandbox/, modules import each other directly.
 *
 * This module is on the way to the first TUI frame, so it stays light: the bundler puts
 * every module a static re-export names into the caller's chunk, used or not. Here are the
 * state files, events, transcripts and stored mails; types of anything (they cost nothing);
 * the servers behind lazy loaders. The heavy readers (DNS packets, mailauth and its public suffix list,
 * TLS, config loading) are in api-config.ts.
 */

// ── the running sandbox: handles, options, status, ports
export type { Decision, ImapState, Listener, SandboxHandle, SandboxOptions, SandboxPorts, SandboxStatus } from './types.js';

// ── the state files of a sandbox started by `mailsec sandbox start` (or the TUI)
export {
  liveness,
  ownState,
  readState,
  readStatusFile,
  removeStateFiles,
  removeStateOf,
  requestReload,
  runningSandbox,
  smtpAnswers,
  takeReloadRequest,
  writeState,
  writeStatusFile,
} from './state.js';
export type { Liveness, SandboxState } from './state.js';

// ── events (var/log/events.jsonl), sessions and their transcripts
export { EVENTS_FILE, eventsOf, readEvents } from './events.js';
export type { ClientInfo, EventMap, EventType, KnownEvent, SandboxEvent, TypedEvent } from './events.js';
export { listSessions, sessionTranscript } from './transcript.js';
export type { SessionSummary, Transcript, TranscriptLine } from './transcript.js';
export type { Resolver } from './pipeline.js';

// ── mail messages as the sandbox stores them (headers, MIME bodies)
export { bodyView, decodeWords, fieldValue, get, getAll, parseMessage } from './filter/message.js';
export type { HeaderField, ParsedMessage } from './filter/message.js';

// ── names and value sets of the other daemons' files, and the domain of an address (light)
export { CANONICALIZATIONS, HOLD_DIR, LOCAL_CF, OPENDKIM_CONF, OUTBOX_DIR, POLICIES, POLICYD_SPF_CONF, QUERY_LOG, SPAMC_CONF, SPF_RESULTS, TEACHER_ADDRESS, TEACHER_ANSWERS, TEACHER_CA_FILE } from './names.js';
export { domainOf } from './auth/address.js';
export { normalizeSecret, readAnswers, secretHash } from './teacher-answers.js';
export { deliveredNow, sameDelivered } from './maildir-file.js';
export type { AnswerRecord } from './teacher-answers.js';

// ── types of what api-config.ts offers
export type { Zone } from './dns/zone.js';
export type { SpfResult } from './auth/spf.js';
export type { OpenDkimConf, SocketAddr } from './auth/opendkim-conf.js';
export type { DmarcRecord, Policy } from './auth/dmarc-record.js';

// ── lazy loaders
/** startSandbox: the SMTP, DNS and filter servers in this process */
export const loadStart = () => import('./start.js');
/** the SASL password database (setPassword, validUsername, SASLDB_FILE) */
export const loadSasl = () => import('./sasl/db.js');
/** api-config.ts: checks and commands load it when they run, so a course, a TUI frame or a
 * check of main.cf does not pay for the DNS, SPF/DKIM/DMARC and filter readers */
export const loadConfigApi = () => import('./api-config.js');
export type ConfigApi = typeof import('./api-config.js');
export { PUBLIC_RESOLVER_SOURCE, RESOLV_CONF, publicNameserver } from './dns/public-resolver.js';
