/**
 * Names the sandbox's other daemons read and the values they accept: the workspace paths of
 * OpenDKIM's, policyd-spf's, SpamAssassin's and BIND's files, and the SPF results, DMARC
 * policies and DKIM canonicalizations. Defined here once, with nothing heavy beside them,
 * so checks can build their schemas without loading the readers (api.ts re-exports these).
 */

import type { Listener } from './pipeline.js';

/** The master.cf service names (or ports) each of the sandbox's listeners stands for. */
export const LISTENER_SERVICES: Record<Listener, string[]> = {
  smtp: ['smtp', '25'],
  outside: ['smtp', '25'],
  submission: ['submission', '587'],
  smtps: ['smtps', 'submissions', '465'],
};

export const OPENDKIM_CONF = 'etc/opendkim.conf';
export const POLICYD_SPF_CONF = 'etc/postfix-policyd-spf-python/policyd-spf.conf';
export const LOCAL_CF = 'etc/spamassassin/local.cf';
export const SPAMC_CONF = 'etc/spamassassin/spamc.conf';
/** where mail for other domains is captured: the sandbox never relays it off the machine */
export const OUTBOX_DIR = 'var/spool/outbox';
/** Postfix's hold queue: mail accepted and kept, delivered to nobody (an access-table HOLD, a milter's quarantine) */
export const HOLD_DIR = 'var/spool/hold';
/** BIND's query log (named's `querylog`), which the DNS server writes */
export const QUERY_LOG = 'var/log/named.log';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';
export const SPF_RESULTS: SpfResult[] = ['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror'];

export type Policy = 'none' | 'quarantine' | 'reject';
export const POLICIES: Policy[] = ['none', 'quarantine', 'reject'];

export const CANONICALIZATIONS = ['simple', 'relaxed', 'simple/simple', 'simple/relaxed', 'relaxed/simple', 'relaxed/relaxed'];

/** The teacher every lesson writes to (lessons 11 and 12); the sandbox answers for them. */
export const TEACHER_ADDRESS = 'profesor@escuela.example';
/** What the teacher's answers held: per answer, a salted hash of its secret, never the secret */
export const TEACHER_ANSWERS = 'var/lib/mailsec/teacher-answers.json';
/**
 * The public certificate of the CA behind the teacher who answers (lesson 12's openssl smime
 * -verify -CAfile): written with each S/MIME answer, since the teacher who answers is this
 * machine's, whichever class the workspace belongs to
 */
export const TEACHER_CA_FILE = 'home/alumno/profesor-ca.crt';
