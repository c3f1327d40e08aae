// What the sandbox's teacher reads in a learner's mail and what it answers: shared by the
// OpenPGP and the S/MIME readers (pgp.ts, smime.ts) and the mail they are put in (compose.ts).
import type { Lang } from '../../i18n/lang.js';

/** The teacher who answers: this machine's teacher identity (see identity.ts), secret halves included. */
export interface AnsweringTeacher {
  dir: string;
  name: string;
  email: string;
  fingerprint: string;
  pgpSecret: string;
  pgpPublic: string;
  smimeCert: string;
  smimeKey: string;
  caCert: string;
}

export type AnswerKind = 'gpg' | 'smime';

/**
 * Why the teacher answered as they did. `answered`: a signature checked with the learner's
 * own key or certificate, and the answer encrypted to it with a secret inside; every other
 * outcome gets a note saying what was missing and what to do.
 */
export type Outcome = 'answered' | 'unsigned' | 'badSignature' | 'noKey' | 'keyMismatch' | 'keyUnusable' | 'notForTeacher' | 'unreadable';

/** A MIME entity: its Content-* header lines and its body, CRLF line ends. */
export interface Entity {
  headers: string[];
  body: string;
}

export interface Reading {
  kind: AnswerKind | 'plain';
  outcome: Outcome;
  /** the answer's body: an encrypted entity when answered, else the note (compose.ts writes it) */
  entity?: Entity;
  /** the secret inside an encrypted answer */
  secret?: string;
  /** the note's catalog key, when not answer.why.<kind>.<outcome> */
  why?: string;
  /** message parameters of the note ({address}, {fingerprint}, {error}...) */
  params?: Record<string, string>;
  /** for mail.log, in English as a daemon writes it: what was found */
  detail: string;
}

export interface Incoming {
  raw: Buffer;
  /** the envelope sender, the address answered */
  sender: string;
  lang: Lang;
  teacher: AnsweringTeacher;
  /** the secret the answer carries, made by the caller (random) */
  secret: string;
}
