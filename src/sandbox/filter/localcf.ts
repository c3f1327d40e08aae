/**
 * /etc/spamassassin/local.cf as SpamAssassin 4.0 reads it (Mail::SpamAssassin::Conf::Parser):
 * `#` comments (`\#` is a literal hash), `key value` split on the first whitespace, keys
 * case-insensitive with `-` read as `_`, `if`/`ifplugin`/`else`/`endif` blocks, and the
 * lint messages SpamAssassin prints for a line it cannot use. Only the settings the course
 * teaches change the scorer; the other well-known ones are accepted and left alone.
 */


export type HeaderSet = [name: string, template: string][];

export interface SaConf {
  requiredScore: number;
  /** rewrite_header: Subject/From/To → tag */
  rewrite: Partial<Record<'Subject' | 'From' | 'To', string>>;
  reportSafe: 0 | 1 | 2;
  useBayes: boolean;
  bayesAutoLearn: boolean;
  foldHeaders: boolean;
  reportContact: string;
  reportHostname?: string;
  /** add_header templates for spam and for ham, in order (X-Spam- is prepended) */
  headersSpam: HeaderSet;
  headersHam: HeaderSet;
  /** score overrides: rule → score (the score set the scorer uses) */
  scores: Map<string, number>;
  welcomelistFrom: string[];
  blocklistFrom: string[];
}

export interface LocalCfSetting {
  key: string;
  value: string;
  line: number;
}

export interface LocalCfIssue {
  line: number;
  /** SpamAssassin's own lint text, e.g. "config: invalid 'report_safe' value in /etc/spamassassin/local.cf (line 5): report_safe 3" */
  text: string;
  key: string;
  value: string;
}

export interface LocalCf {
  conf: SaConf;
  /** every setting that took effect, the last one per key wins (score/add_header keep all) */
  settings: LocalCfSetting[];
  issues: LocalCfIssue[];
}

/** SpamAssassin's built-in headers (10_default_prefs.cf). */
export function defaultConf(): SaConf {
  const all: HeaderSet = [
    ['Checker-Version', 'SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_'],
    ['Level', '_STARS(*)_'],
    ['Status', '_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_'],
  ];
  return {
    requiredScore: 5,
    rewrite: {},
    reportSafe: 1,
    useBayes: true,
    bayesAutoLearn: true,
    foldHeaders: true,
    // Debian ships 10_default_prefs.cf with the build-time placeholder left in
    reportContact: '@@CONTACT_ADDRESS@@',
    headersHam: all.map(([n, v]) => [n, v]),
    headersSpam: [all[0], ['Flag', '_YESNOCAPS_'], all[1], all[2]].map(([n, v]) => [n, v]),
    scores: new Map(),
    welcomelistFrom: [],
    blocklistFrom: [],
  };
}

/** Plugins Debian's .pre files load: `ifplugin` blocks for them are read. */
const LOADED_PLUGINS = new Set(
  'AskDNS AutoLearnThreshold Bayes BodyEval Check DKIM DMARC DNSEval FreeMail HTMLEval HTTPSMismatch HashBL HeaderEval ImageInfo MIMEEval MIMEHeader Pyzor Razor2 RelayEval ReplaceTags Rule2XSBody SPF SpamCop URIDNSBL URIDetail URIEval VBounce WLBLEval WelcomeListSubject Shortcircuit'
    .split(' ')
    .map((p) => `mail::spamassassin::plugin::${p.toLowerCase()}`),
);

/** Settings a stock local.cf or the tutorial may carry that the sandbox accepts and ignores. */
const ACCEPTED = new Set([
  'trusted_networks', 'internal_networks', 'msa_networks', 'lock_method', 'bayes_ignore_header', 'normalize_charset',
  'body_part_scan_size', 'rawbody_part_scan_size', 'shortcircuit', 'ok_locales', 'ok_languages', 'skip_rbl_checks',
  'dns_available', 'dns_server', 'bayes_path', 'bayes_file_mode', 'bayes_min_ham_num', 'bayes_min_spam_num',
  'bayes_auto_learn_threshold_spam', 'bayes_auto_learn_threshold_nonspam', 'use_razor2', 'use_pyzor', 'use_dcc',
  'report_charset', 'report_wrap_width', 'clear_report_template', 'report', 'clear_unsafe_report_template', 'unsafe_report',
  'use_auto_whitelist', 'use_auto_welcomelist', 'use_txrep', 'loadplugin', 'tryplugin', 'encapsulated_content_description',
  'report_safe_copy_headers', 'envelope_sender_header', 'user_scores_dsn', 'allow_user_rules', 'use_learner', 'describe',
  'tflags', 'priority', 'header', 'body', 'rawbody', 'full', 'uri', 'meta', 'rbl_timeout', 'spamd_result_log_items',
]);

const BOOL = /^(yes|1|no|0)$/i;
const NUMERIC = /^[+-]?\d+(?:\.\d*)?$/;

/** Parses local.cf text; `file` is how SpamAssassin names it in its messages. */
export function parseLocalCf(text: string, file = '/etc/spamassassin/local.cf'): LocalCf {
  const conf = defaultConf();
  const settings: LocalCfSetting[] = [];
  const issues: LocalCfIssue[] = [];
  const ifStack: { skip: boolean; line: number }[] = [];
  let skip = false;

  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    const n = i + 1;
    let line = raw;
    if (line.includes('#')) line = line.replace(/(?<!\\)#.*$/, '').replace(/\\#/g, '#');
    line = line.trim();
    if (!line) return;
    const sp = /\s/.exec(line);
    let key = (sp ? line.slice(0, sp.index) : line).toLowerCase().replace(/-/g, '_');
    const value = sp ? line.slice(sp.index).replace(/^\s+/, '') : '';
    const bad = (why: string) => issues.push({ line: n, key, value, text: `${why} in ${file} (line ${n}): ${line}` });

    if (key === 'endif') {
      if (value) return bad(`config: '${key}' must be standalone`);
      const last = ifStack.pop();
      if (!last) return bad(`config: missing starting 'if' for '${key}'`);
      skip = last.skip;
      return;
    }
    if (key === 'ifplugin' || key === 'if') {
      if (!value) return bad(`config: missing '${key}' condition`);
      ifStack.push({ skip, line: n });
      // `if` conditions (version checks, can(...)) hold on the SpamAssassin the course emulates
      if (!skip && key === 'ifplugin') skip = !LOADED_PLUGINS.has(value.toLowerCase());
      return;
    }
    if (key === 'else') {
      if (value) return bad(`config: '${key}' must be standalone`);
      if (!ifStack.length) return bad(`config: '${key}' missing starting if`);
      skip = ifStack.some((f) => f.skip) ? true : !skip;
      return;
    }
    if (skip) return;
    if (key === 'required_hits') key = 'required_score';
    if (key === 'whitelist_from') key = 'welcomelist_from';
    if (key === 'blacklist_from') key = 'blocklist_from';

    const set = () => settings.push({ key, value, line: n });
    const missing = () => bad(`config: missing '${key}' value`);
    const invalid = () => bad(`config: invalid '${key}' value`);

    switch (key) {
      case 'required_score':
        if (!value) return missing();
        if (!NUMERIC.test(value)) return invalid();
        conf.requiredScore = Number(value);
        return set();
      case 'report_safe':
        if (!value) return missing();
        if (!/^[012]$/.test(value)) return invalid();
        conf.reportSafe = Number(value) as 0 | 1 | 2;
        if (conf.reportSafe === 0 && !conf.headersSpam.some(([h]) => h.toLowerCase() === 'report')) conf.headersSpam.push(['Report', '_REPORT_']);
        return set();
      case 'use_bayes':
      case 'bayes_auto_learn':
      case 'fold_headers': {
        if (!value) return missing();
        if (!BOOL.test(value)) return invalid();
        const on = /^(yes|1)$/i.test(value);
        if (key === 'use_bayes') conf.useBayes = on;
        else if (key === 'bayes_auto_learn') conf.bayesAutoLearn = on;
        else conf.foldHeaders = on;
        return set();
      }
      case 'rewrite_header': {
        const [h0, ...rest] = value.split(/\s+/);
        const hdr = h0 ? h0[0].toUpperCase() + h0.slice(1).toLowerCase() : '';
        if (!hdr) return missing();
        if (hdr !== 'Subject' && hdr !== 'From' && hdr !== 'To') return invalid();
        const tag = value.slice(h0.length).replace(/^\s+/, '');
        void rest;
        if (!/\S/.test(tag)) delete conf.rewrite[hdr];
        else conf.rewrite[hdr] = hdr === 'Subject' ? tag : tag.replace(/\(/g, '[').replace(/\)/g, ']');
        return set();
      }
      case 'add_header': {
        const m = /^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s+(.*?)\s*$/.exec(value);
        if (!m) return invalid();
        const [, type, name] = m;
        let body = m[3];
        const q = /^"(.*)"$/.exec(body);
        if (q) body = q[1];
        body = body
          .split('\\\\')
          .map((s) => s.replace(/\\t/g, '\t').replace(/\\n/g, '\n').replace(/\\./g, ''))
          .join('\\');
        const put = (hs: HeaderSet) => [...hs.filter(([h]) => h.toLowerCase() !== name.toLowerCase()), [name, body]] as HeaderSet;
        if (type !== 'spam') conf.headersHam = put(conf.headersHam);
        if (type !== 'ham') conf.headersSpam = put(conf.headersSpam);
        return set();
      }
      case 'remove_header': {
        const m = /^(ham|spam|all)\s+([A-Za-z0-9_-]+)$/.exec(value);
        if (!m) return invalid();
        const [, type, name] = m;
        if (name.toLowerCase() === 'checker-version') return set();
        const drop = (hs: HeaderSet) => hs.filter(([h]) => h.toLowerCase() !== name.toLowerCase());
        if (type !== 'spam') conf.headersHam = drop(conf.headersHam);
        if (type !== 'ham') conf.headersSpam = drop(conf.headersSpam);
        return set();
      }
      case 'clear_headers': {
        const keep = (hs: HeaderSet) => hs.filter(([h]) => h.toLowerCase() === 'checker-version');
        conf.headersHam = keep(conf.headersHam);
        conf.headersSpam = keep(conf.headersSpam);
        return set();
      }
      case 'score': {
        const [rule, ...scores] = value.split(/\s+/).filter(Boolean);
        if (!rule || (scores.length !== 1 && scores.length !== 4)) return missing();
        if (!scores.every((s) => /^\(?-?\d+(?:\.\d+)?\)?$/.test(s))) return invalid();
        const rel = scores[0].startsWith('(');
        const v = Number(scores[0].replace(/[()]/g, ''));
        conf.scores.set(rule, rel ? (conf.scores.get(rule) ?? 0) + v : v);
        return set();
      }
      case 'report_contact':
        if (!value) return missing();
        conf.reportContact = value;
        return set();
      case 'report_hostname':
        if (!value) return missing();
        conf.reportHostname = value;
        return set();
      case 'welcomelist_from':
      case 'blocklist_from':
        if (!value) return missing();
        (key === 'welcomelist_from' ? conf.welcomelistFrom : conf.blocklistFrom).push(...value.split(/\s+/).map((a) => a.toLowerCase()));
        return set();
      default:
        if (ACCEPTED.has(key)) return set();
        return bad('config: failed to parse line');
    }
  });
  for (const f of ifStack) issues.push({ line: f.line, key: 'if', value: '', text: `config: unclosed 'if' found in ${file} (line ${f.line})` });
  return { conf, settings, issues };
}

/** The value the learner wrote for a setting (the last one), if any. */
export function settingOf(cf: LocalCf, key: string): LocalCfSetting | undefined {
  const k = key.toLowerCase();
  for (let i = cf.settings.length - 1; i >= 0; i--) if (cf.settings[i].key === k) return cf.settings[i];
  return undefined;
}

/** SpamAssassin's glob matching for welcomelist_from: `*@example.com`, `?` one character. */
export function addrMatches(list: string[], addr: string): boolean {
  const a = addr.toLowerCase();
  return list.some((p) => new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$').test(a));
}
