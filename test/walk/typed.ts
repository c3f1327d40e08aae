// What the learner types that is not a literal block of the lesson text: quiz answers,
// the passphrase at a prompt, the text of a message written in an editor, which file a
// block of configuration goes to, an SMTP line typed into an open session. Everything
// else the walk does comes from the text itself; keep this table thin.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from '../../src/workspace/progress.js';
import type { EditMode } from './edits.js';
import type { Prompt } from './terminal.js';
import { fixArea } from '../fixtures/capstone.js';

export interface StepState {
  ws: string;
  vars: { domain: string; hostname: string };
  /** everything the step's commands and sessions printed, in order */
  output: string;
  /** what the last command printed */
  last: string;
}

export interface Typed {
  /** a block of configuration (by its number in the step) and the file the text says it goes in */
  edit?: Record<number, string | { file: string; mode: EditMode }>;
  /** the SOA serial raised after editing a zone, where the text asks for it */
  serial?: boolean;
  /** what the learner writes in a file the text opens in an editor */
  write?: Record<string, string>;
  /** command blocks not run, and why (the text offers another way that is run) */
  skip?: Record<number, string>;
  /** blocks of an earlier step the text asks to do again ("LESSON/STEP#N") */
  repeat?: string[];
  /** words of a command the learner replaces with what an earlier command printed */
  fill?: Record<string, RegExp>;
  /** questions a tool asks at the keyboard, and what the learner answers */
  prompts?: Prompt[];
  /** lines typed into the step's open session (before QUIT) */
  type?: string[] | ((s: StepState) => string[]);
  /** an output block (by number) that shows a file the text names rather than what the command before it printed */
  shows?: Record<number, string>;
  /** an output block after a command that is not what the command prints, and what it is instead */
  illustrates?: Record<number, string>;
  /** the answer to the step's question */
  answer?: Answer | ((s: StepState) => Answer);
  /**
   * the repair the learner works out from what the step's first commands showed (lesson 19:
   * the fault the break hid, seeded by the domain), done to the files before block `before`
   */
  fix?: { before: number; apply: (s: StepState) => void };
}

/** the passphrase lesson 12 gives for the S/MIME key and the .p12 */
const SMIME: Prompt[] = [{ re: /(pass phrase|Password)[^\n]*:\s*$/i, answer: 'clase-smime' }];
/** the learner's own GPG passphrase, typed at gpg's passphrase prompt */
export const GPG_PASSPHRASE = 'correo seguro de prueba';

export const MESSAGE = 'Hola, profe:\n\nTe escribo desde mi servidor de correo.\n';

const MAIN = 'etc/postfix/main.cf';
const MASTER = 'etc/postfix/master.cf';
const LOG = 'var/log/mail.log';
const INBOX = 'var/mail/alumno/Maildir/new';
const zone = (s: StepState) => `etc/bind/db.${s.vars.domain}`;

function newestFile(dir: string, test: (text: string) => boolean): string {
  const files = readdirSync(dir).sort();
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8')).filter(test);
  if (!texts.length) throw new Error(`nothing the learner looks for in ${dir}`);
  return texts[texts.length - 1];
}

function found(re: RegExp, text: string, where: string): string {
  const m = re.exec(text);
  if (!m) throw new Error(`the learner looks for ${re} in ${where} and does not find it:\n${text.slice(-1500)}`);
  return m[1];
}

export const TYPED: Record<string, Typed | ((s: StepState) => Typed)> = {
  '01-threats/spam-phishing': { answer: 'b' },
  '01-threats/open-relay': { answer: 'a' },
  '01-threats/dos': { answer: 'c' },
  '01-threats/layers': { answer: ['a', 'c', 'd'] },
  '01-threats/relay-restriction': { answer: 'reject_unauth_destination' },
  '01-threats/main-cf': { answer: '/etc/postfix/main.cf' },
  '01-threats/myhostname': { edit: { 2: MAIN } },

  '02-tls/cert': { illustrates: { 2: 'the questions openssl asks one by one when -subj is left out' } },
  '02-tls/move': { illustrates: { 2: "ls -l shows the learner's own user and group" } },
  '02-tls/main-cf': { edit: { 1: MAIN } },
  '02-tls/starttls': { illustrates: { 3: "the server's answer to a client's EHLO, seen in the next step" } },
  '02-tls/s-client': (s) => ({ type: [`EHLO pc.${s.vars.domain}`], shows: { 3: LOG } }),
  // the queue id after `with ESMTPS id` in the first Received header of the mail just sent
  '02-tls/mail-source': {
    shows: { 2: INBOX },
    answer: (s) =>
      found(
        /with ESMTPS id (\S+)/,
        newestFile(join(s.ws, 'var/mail/alumno/Maildir/new'), (t) => t.includes('Subject: Prueba TLS')),
        'the mail source',
      ),
  },

  '03-smtp-auth/sasl-config': { edit: { 1: MAIN } },
  '03-smtp-auth/auth-after-tls': (s) => ({ type: [`EHLO pc.${s.vars.domain}`], illustrates: { 2: 'the reply to the EHLO typed next' } }),
  '03-smtp-auth/mechanisms': { answer: ['c', 'd'] },
  // "paste that last line into the open session"
  '03-smtp-auth/cram-md5': { type: (s) => [s.last.trim()], illustrates: { 4: "the tutorial's own challenge, from mail.alexdns.local" } },
  '03-smtp-auth/digest-md5': { answer: 'b' },

  '04-open-relay/restrictions': { edit: { 1: MAIN } },

  '05-rbl/nxdomain-meaning': { answer: 'a' },
  '05-rbl/restrictions': { edit: { 1: MAIN } },
  // block 1 is the line left by lesson 04; block 2 is the one to write
  '05-rbl/mynetworks': { edit: { 2: MAIN } },
  '05-rbl/first-match': { answer: 'b' },
  '05-rbl/own-listing': { edit: { 1: 'etc/bind/dnsbl-local.zone' } },
  // resolv.conf to a public resolver and back: its nameserver line changed in place
  '05-rbl/public-trap': { edit: { 1: { file: 'etc/resolv.conf', mode: 'keyword' }, 3: { file: 'etc/resolv.conf', mode: 'keyword' } } },

  '06-spamassassin/spamc-spamd': { answer: 'b' },
  '06-spamassassin/local-cf': { edit: { 1: 'etc/spamassassin/local.cf' } },
  '06-spamassassin/master-cf': { edit: { 1: MASTER, 2: MASTER } },
  '06-spamassassin/reinject': { edit: { 1: MASTER } },
  // the score as the grep of the step printed it
  '06-spamassassin/spamd-log': { answer: (s) => found(/identified spam \(([\d.]+)\//, s.output, 'the grep output') },
  '06-spamassassin/rbl-vs-gtube': { answer: 'a' },

  '07-rules/body-checks': { edit: { 1: { file: 'etc/postfix/body_checks', mode: 'create' }, 2: MAIN } },
  '07-rules/actions': { answer: 'b' },
  '07-rules/size-limit': { edit: { 1: MAIN } },
  '07-rules/sender-access': { edit: { 1: { file: 'etc/postfix/sender_access', mode: 'create' }, 2: MAIN } },

  '08-spf/spf-record': (s) => ({ edit: { 1: zone(s) }, serial: true }),
  '08-spf/spf-fail-others': { shows: { 2: INBOX } },
  '08-spf/policyd-spf': { edit: { 1: MASTER, 2: MAIN } },

  '09-dkim/opendkim-conf': { edit: { 1: 'etc/opendkim.conf' } },
  '09-dkim/milter': { edit: { 1: MAIN } },
  '09-dkim/signed-mail': { shows: { 2: LOG, 3: INBOX } },

  '10-dmarc/dmarc-record': (s) => ({ edit: { 1: zone(s) } }),
  // OpenDMARC's quarantine: Postfix's hold queue, seen in the log
  '10-dmarc/spoof-quarantine': { shows: { 3: LOG } },
  // "change the _dmarc record to …, save and send the spoofed mail of the step before again"
  '10-dmarc/spoof-reject': (s) => ({ edit: { 1: { file: zone(s), mode: 'record' } }, repeat: ['10-dmarc/spoof-quarantine#1'] }),
  '10-dmarc/np-testing': { answer: 'b' },
  // the source_ip of the rows that fail, in the report the sandbox just made
  '10-dmarc/report': {
    shows: { 2: 'var/lib/opendmarc/reports', 3: 'var/lib/opendmarc/reports' },
    answer: (s) => {
      const xml = newestFile(join(s.ws, 'var/lib/opendmarc/reports'), () => true);
      const row = xml.split('<row>').find((r) => /<dkim>fail<\/dkim>/.test(r) && /<spf>fail<\/spf>/.test(r)) ?? '';
      return found(/<source_ip>([^<]+)<\/source_ip>/, row, 'the report');
    },
  },

  '11-gpg/why': { answer: 'b' },
  '11-gpg/key': {
    skip: { 2: 'gpg --full-generate-key asks its questions one by one; the text gives the one command that makes an Ed25519 key' },
  },
  // "FPR is the name ls printed, without .rev"
  '11-gpg/revoke': { fill: { FPR: /^([0-9A-F]{40})\.rev\s*$/m } },
  '11-gpg/sign': { write: { 'mensaje.txt': MESSAGE }, shows: { 2: 'missatge_signat.txt' } },
  '11-gpg/encrypt': { prompts: [{ re: /Really sign\? \(y\/N\)\s*$/, answer: 'y' }] },
  // "with that file name (RESPUESTA)": the answer grep found; the code is what gpg decrypted
  '11-gpg/answer': {
    fill: { RESPUESTA: /^(var\/mail\/alumno\/Maildir\/new\/\S+)\s*$/m },
    answer: (s) => found(/\b([2-9A-Z]{4}-[2-9A-Z]{4})\b/, s.output, 'what gpg --decrypt printed'),
  },

  '12-smime/cert': { prompts: SMIME },
  '12-smime/p12': { prompts: SMIME },
  '12-smime/sign': { write: { 'mensaje.txt': MESSAGE }, prompts: SMIME, shows: { 2: 'smime_signat.eml' } },
  '12-smime/encrypt': { prompts: SMIME, shows: { 2: 'smime_xifrat.eml' } },
  '12-smime/send': { shows: { 3: LOG } },
  '12-smime/ask': { prompts: SMIME },
  // the code, in the teacher's text that openssl smime -verify printed
  '12-smime/answer': {
    prompts: SMIME,
    answer: (s) => found(/: ([2-9A-Z]{4}-[2-9A-Z]{4})\s*$/m, s.output, 'what openssl smime -verify printed'),
  },
  '12-smime/import': { answer: 'a' },
  '13-submission/services': { edit: { 1: MASTER } },
  '13-submission/sender-login': { edit: { 1: { file: 'etc/postfix/sender_login', mode: 'create' }, 2: MAIN, 3: MASTER } },
  '14-dos/error-limits': { edit: { 1: MAIN } },
  '14-dos/anvil-limits': { edit: { 1: MAIN } },
  '14-dos/postscreen-on': { edit: { 1: MASTER } },
  '14-dos/greet-enforce': { edit: { 1: MAIN } },
  '14-dos/postscreen-off': { edit: { 1: MASTER } },
  '15-smuggling/forbid': { edit: { 1: MAIN } },
  '16-mta-sts/policy': { edit: { 2: { file: 'var/www/mta-sts/.well-known/mta-sts.txt', mode: 'create' } } },
  '16-mta-sts/records': (s) => ({ edit: { 1: zone(s) }, serial: true }),
  '16-mta-sts/enforce': (s) => ({
    edit: { 1: { file: 'var/www/mta-sts/.well-known/mta-sts.txt', mode: 'create' }, 2: { file: zone(s), mode: 'record' } },
    serial: true,
  }),
  '16-mta-sts/report': { answer: 'a' },
  '17-dane/dnssec': { answer: 'b' },
  '17-dane/postfix-dane': { edit: { 1: MAIN } },
  '17-dane/verified': { answer: 'c' },
  '18-dkim-ed25519/second-opendkim': { edit: { 1: { file: 'etc/opendkim-ed25519.conf', mode: 'create' }, 2: MAIN } },
  '18-dkim-ed25519/dual-signed': { shows: { 2: INBOX } },
  '18-dkim-ed25519/rotate-switch': { edit: { 1: { file: 'etc/opendkim-ed25519.conf', mode: 'keyword' } } },
  '18-dkim-ed25519/retire': (s) => ({ edit: { 1: { file: zone(s), mode: 'record' } } }),
  '18-dkim-ed25519/read-authres': {
    answer: 'a',
    illustrates: { 1: 'the header a receiver without Ed25519 writes, not one of this sandbox' },
  },
  '19-broken-server/tls': { fix: { before: 2, apply: (s) => fixArea(s.ws, s.vars.domain, 'tls') } },
  '19-broken-server/relay': { fix: { before: 2, apply: (s) => fixArea(s.ws, s.vars.domain, 'relay') } },
  '19-broken-server/dkim': { fix: { before: 2, apply: (s) => fixArea(s.ws, s.vars.domain, 'dkim') } },
  '19-broken-server/spf': { fix: { before: 2, apply: (s) => fixArea(s.ws, s.vars.domain, 'spf') } },
  '19-broken-server/dmarc': { fix: { before: 2, apply: (s) => fixArea(s.ws, s.vars.domain, 'dmarc') } },
};
