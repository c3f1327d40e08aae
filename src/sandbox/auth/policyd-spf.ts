// postfix-policyd-spf-python as the sandbox runs it: its config file, and what it tells
// Postfix for one message (prepend Received-SPF, reject with 550 5.7.23, or defer).
import type { Resolver } from '../pipeline.js';
import { checkSpf, receivedSpfHeader, type SpfOutcome, type SpfResult } from './spf.js';
import { inNetworks } from './trust.js';

/** the restriction that calls it from main.cf, as Debian's README shows */
export const POLICY_SERVICE = 'unix:private/policyd-spf';

export type HeloReject = 'SPF_Not_Pass' | 'Softfail' | 'Fail' | 'Null' | 'False' | 'No_Check';
export type MailFromReject = 'SPF_Not_Pass' | 'Softfail' | 'Fail' | 'False' | 'No_Check';

export interface PolicydSpfConf {
  testOnly: boolean;
  heloReject: HeloReject;
  mailFromReject: MailFromReject;
  permErrorReject: boolean;
  tempErrorDefer: boolean;
  skipAddresses: string[];
  issues: { line: number; text: string }[];
}

/** The defaults of Debian's /etc/postfix-policyd-spf-python/policyd-spf.conf. */
export const DEFAULT_POLICYD_SPF: PolicydSpfConf = {
  testOnly: true,
  heloReject: 'Fail',
  mailFromReject: 'Fail',
  permErrorReject: false,
  tempErrorDefer: false,
  skipAddresses: ['127.0.0.0/8', '::ffff:127.0.0.0/104', '::1'],
  issues: [],
};

const HELO: HeloReject[] = ['SPF_Not_Pass', 'Softfail', 'Fail', 'Null', 'False', 'No_Check'];
const MAILFROM: MailFromReject[] = ['SPF_Not_Pass', 'Softfail', 'Fail', 'False', 'No_Check'];

function pick<T extends string>(allowed: T[], v: string): T | undefined {
  return allowed.find((a) => a.toLowerCase() === v.toLowerCase());
}
const bool = (v: string) => /^(1|true|yes|on)$/i.test(v);

export function parsePolicydSpfConf(text: string | undefined): PolicydSpfConf {
  const c: PolicydSpfConf = { ...DEFAULT_POLICYD_SPF, skipAddresses: [...DEFAULT_POLICYD_SPF.skipAddresses], issues: [] };
  if (text === undefined) return c;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const m = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!m) return void c.issues.push({ line: i + 1, text: raw.trim() });
    const [, key, value] = m;
    switch (key.toLowerCase()) {
      case 'testonly':
        c.testOnly = bool(value);
        break;
      case 'helo_reject': {
        const v = pick(HELO, value);
        if (v) c.heloReject = v;
        else c.issues.push({ line: i + 1, text: raw.trim() });
        break;
      }
      case 'mail_from_reject': {
        const v = pick(MAILFROM, value);
        if (v) c.mailFromReject = v;
        else c.issues.push({ line: i + 1, text: raw.trim() });
        break;
      }
      case 'permerror_reject':
        c.permErrorReject = bool(value);
        break;
      case 'temperror_defer':
        c.tempErrorDefer = bool(value);
        break;
      case 'skip_addresses':
        c.skipAddresses = value.split(/[\s,]+/).filter(Boolean);
        break;
      default:
      // debugLevel, Whitelist, Header_Type...: accepted, not acted on
    }
  });
  return c;
}

function refuses(setting: HeloReject | MailFromReject, r: SpfResult, nullSender: boolean): boolean {
  switch (setting) {
    case 'Fail':
      return r === 'fail';
    case 'Softfail':
      return r === 'fail' || r === 'softfail';
    case 'SPF_Not_Pass':
      return r === 'fail' || r === 'softfail' || r === 'neutral';
    case 'Null':
      return nullSender && r === 'fail';
    default:
      return false;
  }
}

export type PolicyAction =
  | { action: 'skip'; reason: string; key: string; params: Record<string, string> }
  | { action: 'prepend'; header: string; outcome: SpfOutcome; helo?: SpfOutcome }
  | { action: 'reject' | 'defer'; code: number; enhanced: string; text: string; header: string; outcome: SpfOutcome; helo?: SpfOutcome };

const why = (scope: string, id: string, ip: string) => `Please see http://www.open-spf.org/Why?s=${scope};id=${id};ip=${ip};r=<UNKNOWN>`;

/** What policyd-spf answers for one client and sender (it runs at RCPT on a real server). */
export async function policydSpf(
  conf: PolicydSpfConf,
  q: { ip: string; helo?: string; sender: string; resolver: Resolver; mta: string },
): Promise<PolicyAction> {
  if (inNetworks(q.ip, conf.skipAddresses)) return { action: 'skip', reason: `${q.ip} is in skip_addresses`, key: 'authres.why.policydSkipAddress', params: { ip: q.ip } };
  const nullSender = !q.sender;
  let heloOutcome: SpfOutcome | undefined;
  if (conf.heloReject !== 'No_Check' && q.helo) {
    heloOutcome = await checkSpf({ ...q }, 'helo');
    if (conf.testOnly && refuses(conf.heloReject, heloOutcome.result, nullSender)) {
      return {
        action: 'reject',
        code: 550,
        enhanced: '5.7.23',
        text: `Message rejected due to: SPF fail - not authorized. ${why('helo', q.helo, q.ip)}`,
        header: receivedSpfHeader(heloOutcome),
        outcome: heloOutcome,
        helo: heloOutcome,
      };
    }
  }
  if (nullSender || conf.mailFromReject === 'No_Check') {
    if (heloOutcome) return { action: 'prepend', header: receivedSpfHeader(heloOutcome), outcome: heloOutcome, helo: heloOutcome };
    return { action: 'skip', reason: 'no identity to check', key: 'authres.why.spf.noIdentity', params: {} };
  }
  const o = await checkSpf({ ...q }, 'mailfrom');
  const header = receivedSpfHeader(o);
  if (conf.testOnly) {
    if (refuses(conf.mailFromReject, o.result, false)) {
      const text =
        o.result === 'fail'
          ? `Message rejected due to: SPF fail - not authorized. ${why('mfrom', q.sender, q.ip)}`
          : `Message rejected due to: Receiver policy for SPF ${o.result[0].toUpperCase() + o.result.slice(1)}. ${why('mfrom', q.sender, q.ip)}`;
      return { action: 'reject', code: 550, enhanced: '5.7.23', text, header, outcome: o, helo: heloOutcome };
    }
    if (o.result === 'permerror' && conf.permErrorReject) {
      return { action: 'reject', code: 550, enhanced: '5.5.2', text: `Message rejected due to: SPF Permanent Error: ${o.comment}`, header, outcome: o, helo: heloOutcome };
    }
    if (o.result === 'temperror' && conf.tempErrorDefer) {
      return { action: 'defer', code: 451, enhanced: '4.4.3', text: `SPF Temporary Error: ${o.comment}`, header, outcome: o, helo: heloOutcome };
    }
  }
  return { action: 'prepend', header, outcome: o, helo: heloOutcome };
}
