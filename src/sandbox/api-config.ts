/**
 * The rest of the sandbox's public face (see api.ts): the learner's configuration as the
 * sandbox reads it (main.cf and its tables, DNS zones, SPF/DKIM/DMARC records and
 * settings, the content filter's files), the resolver that asks the sandbox's DNS, and the
 * tools that act on them (DKIM keys, DMARC reports). It is heavy (DNS packets, the public
 * suffix list, TLS): commands import it (each command is import()ed when used); checks and
 * everything else call loadConfigApi() in api.ts when they need it (scripts/lint.mjs).
 */

// ── configuration as the sandbox loads it (main.cf, master.cf, tables, certificates)
export { loadConfig } from './config/load.js';
export { openTable } from './config/tables.js';

// ── DNS: the learner's zones, the resolver the sandbox uses, the query log
export { loadZones } from './dns/zones.js';
export { normalizeName } from './dns/zone.js';
export { makeResolver, resolveAt } from './dns/resolver.js';

// ── SPF, DKIM, DMARC: records, settings and wiring the checks read
export { internetResolver } from './auth/internet.js';
export { isSpfRecord, parseSpf } from './auth/spf-record.js';
export { checkSpf } from './auth/spf.js';
export { dkimWhy } from './auth/dkim.js';
export { findPolicyRestriction, findPolicydService } from './auth/wiring.js';
export { parsePolicydSpfConf } from './auth/policyd-spf.js';
export { parseDkimRecord, publicB64Of, readPrivateKey } from './auth/dkim-key.js';
export {
  milterWiring,
  parseOpenDkimConf,
  parseOpenDkimSocket,
  sameSocket,
  signerSettings,
} from './auth/opendkim-conf.js';
export { isDmarcRecord, parseDmarc } from './auth/dmarc-record.js';
export { latestReport, runReport } from './auth/report-send.js';
export { genkey, GenkeyError } from './auth/genkey.js';

// ── the content filter: local.cf, the spamc wiring in master.cf
export { parseLocalCf, settingOf } from './filter/localcf.js';
export { filterWiring } from './filter/wiring.js';

// ── DKIM with Ed25519 and a second OpenDKIM (lesson 18)
export { ed25519PProblem } from './auth/ed25519-record.js';
export { extraOpenDkimConfs, extraOpenDkimSockets } from './auth/signer.js';
export { reachesAny } from './auth/opendkim-conf.js';
export { signingDomain } from './auth/signer.js';
