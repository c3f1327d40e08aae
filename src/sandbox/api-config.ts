/**
 * The rest of the sandbox's public face (see api.ts): the learner's configuration as the
 * sandbox reads it (main.cf and its tables, DNS zones, SPF/DKIM/DMARC records and
 * settings, the content filter's files), the resolver that asks the sandbox's DNS, and the
 * tools that act on them (DKIM keys, DMARC reports). Checks and commands import it; they are
 * import()ed when used. It is heavy (DNS packets, the public suffix list, TLS), so nothing on
 * the way to the first TUI frame imports it statically (scripts/lint.mjs: only src/checks/
 * and src/commands/ do); elsewhere, loadConfigApi() in api.ts.
 */

// ── configuration as the sandbox loads it (main.cf, master.cf, tables, certificates)
export { loadConfig } from './config/load.js';
export { openTable } from './config/tables.js';

// ── DNS: the learner's zones, the resolver the sandbox uses, the query log
export { loadZones } from './dns/zones.js';
export { normalizeName } from './dns/zone.js';
export { makeResolver, resolveAt } from './dns/resolver.js';
export { QUERY_LOG } from './dns/server.js';

// ── SPF, DKIM, DMARC: records, settings and wiring the checks read
export { domainOf } from './auth/domain.js';
export { internetResolver } from './auth/internet.js';
export { isSpfRecord, parseSpf } from './auth/spf-record.js';
export { checkSpf, SPF_RESULTS } from './auth/spf.js';
export { dkimWhy } from './auth/dkim.js';
export { findPolicyRestriction, findPolicydService } from './auth/wiring.js';
export { parsePolicydSpfConf, POLICYD_SPF_CONF } from './auth/policyd-spf.js';
export { parseDkimRecord, publicB64Of, readPrivateKey } from './auth/dkim-key.js';
export {
  CANONICALIZATIONS,
  milterWiring,
  OPENDKIM_CONF,
  parseOpenDkimConf,
  parseOpenDkimSocket,
  sameSocket,
  signerSettings,
} from './auth/opendkim-conf.js';
export { isDmarcRecord, parseDmarc, POLICIES } from './auth/dmarc-record.js';
export { latestReport, runReport } from './auth/report-send.js';
export { genkey, GenkeyError } from './auth/genkey.js';

// ── the content filter: local.cf, the spamc wiring in master.cf
export { LOCAL_CF, parseLocalCf, settingOf } from './filter/localcf.js';
export { filterWiring, SPAMC_CONF } from './filter/wiring.js';
