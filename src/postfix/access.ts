/**
 * Access tables (check_client_access, check_helo_access, check_sender_access,
 * check_recipient_access): the keys Postfix looks up, in order, and what the right-hand
 * side of an entry decides, as smtpd_check.c's check_table_result() reads it.
 */
import type { ConfigIssue } from './main-cf.js';
import type { Table } from './tables.js';
import { step, type Restriction, type RuleContext, type Step, type Verdict } from './smtpd-check.js';

/** parseRestrictions, passed in: a table's right-hand side may name restrictions. */
export type ParseRestrictions = (
  value: string,
  param: string,
  where: { file: string; line?: number },
) => { items: Restriction[]; issues: ConfigIssue[] };

/** RFC 3463 code from an optional "d.d.d " prefix of the text, else the default. */
function dsnSplit(text: string, def: string): { enhanced: string; text: string } {
  const m = /^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)(.*)$/s.exec(text.trim());
  return m ? { enhanced: m[1], text: m[2] } : { enhanced: def, text: text.trim() };
}

function fixDsn(code: number, enhanced: string): string {
  return String(code)[0] + enhanced.slice(1);
}

/** The right-hand side of an access table entry, as check_table_result() reads it. */
export function tableResult(
  ctx: RuleContext,
  r: Restriction,
  value: string,
  key: string,
  line: number | undefined,
  parse: ParseRestrictions,
): Step {
  const m = /^(\S+)\s*(.*)$/s.exec(value.trim()) ?? ['', '', ''];
  const word = m[1];
  const rest = m[2] ?? '';
  const upper = word.toUpperCase();
  const where = `${r.arg}${line ? ` line ${line}` : ''}`;
  const name = ctx.replyName;
  const cls = ctx.replyClass;
  if (upper === 'OK' || upper === 'RELAY' || /^\d+$/.test(value.trim())) {
    return step('permit', 'permit', `${key} is listed in ${where} as ${word}: permitted`, 'tableOk', { key, table: where, action: word });
  }
  if (upper === 'DUNNO' || value.trim() === '') {
    return step('dunno', 'dunno', `${key} is listed in ${where} as DUNNO: no decision, the next restriction decides`, 'tableDunno', {
      key,
      table: where,
    });
  }
  if (upper === 'REJECT' || upper === 'DEFER' || (/^[45]\d\d$/.test(word) && rest)) {
    const code = upper === 'REJECT' ? 554 : upper === 'DEFER' ? 450 : Number(word);
    const d = dsnSplit(rest, upper === 'DEFER' ? '4.7.1' : `${String(code)[0]}.7.1`);
    const reply = { code, enhanced: fixDsn(code, d.enhanced), text: `<${name}>: ${cls} rejected: ${d.text || 'Access denied'}` };
    const verdict: Verdict = code >= 500 ? 'reject' : 'defer';
    return step(
      verdict,
      verdict,
      `${key} is listed in ${where} as ${value.trim()}: ${verdict === 'reject' ? 'rejected' : 'deferred'}`,
      'tableReject',
      { key, table: where, action: value.trim() },
      reply,
    );
  }
  if (upper === 'HOLD') {
    return {
      ...step('dunno', 'dunno', `${key} is listed in ${where} as HOLD: the message waits in the hold queue`, 'tableHold', {
        key,
        table: where,
      }),
      hold: `<${name}>: ${cls} ${rest.trim() || 'triggers HOLD action'}`,
    };
  }
  if (
    upper === 'WARN' ||
    upper === 'INFO' ||
    upper === 'PREPEND' ||
    upper === 'FILTER' ||
    upper === 'REDIRECT' ||
    upper === 'BCC' ||
    upper === 'DISCARD'
  ) {
    return step(
      upper === 'DISCARD' ? 'permit' : 'dunno',
      'dunno',
      `${key} is listed in ${where} as ${upper}; the sandbox logs it and goes on`,
      'tableAction',
      {
        key,
        table: where,
        action: upper,
      },
    );
  }
  // the right-hand side may name restrictions (evaluated in place); keep it simple: one level
  const inner = parse(value, r.text, { file: r.arg ?? '' });
  if (inner.issues.length || !inner.items.length) {
    return step(
      'defer',
      'defer',
      `${key} is listed in ${where} with an action Postfix does not know (${value.trim()}): server configuration error`,
      'tableBad',
      { key, table: where, action: value.trim() },
      { code: 451, enhanced: '4.3.5', text: 'Server configuration error' },
    );
  }
  return {
    ...step('dunno', 'dunno', `${key} is listed in ${where} as ${value.trim()}: those restrictions decide`, 'tableRestrictions', {
      key,
      table: where,
      action: value.trim(),
    }),
    inner: inner.items,
  };
}

export type Found = { hit?: { value: string; line?: number }; key?: string };

/** check_*_access on a domain name and its parents (with subdomain matching, as smtpd_access_maps does). */
export function lookupDomain(table: Table, domain: string): Found {
  let name = domain.toLowerCase().replace(/\.$/, '');
  const first = name;
  while (name) {
    const hit = table.lookup(name);
    if (hit) return { hit, key: name };
    const dot = name.indexOf('.', 1);
    if (dot < 0) break;
    name = name.slice(dot + 1);
    if (name === first) break;
  }
  return {};
}

/** The lookup keys Postfix tries for an address in an access table, in order. */
export function lookupAddress(table: Table, addr: string): Found {
  if (addr === '') {
    const hit = table.lookup('<>');
    return hit ? { hit, key: '<>' } : {};
  }
  const full = addr.toLowerCase();
  let hit = table.lookup(full);
  if (hit) return { hit, key: full };
  const at = full.lastIndexOf('@');
  if (at >= 0) {
    const d = lookupDomain(table, full.slice(at + 1));
    if (d.hit) return d;
    const local = full.slice(0, at + 1);
    hit = table.lookup(local);
    if (hit) return { hit, key: local };
  }
  return {};
}

/** check_client_access: the client name (and parents), then the address and its parent networks. */
export function lookupClient(table: Table, name: string, addr: string): Found {
  if (name && name !== 'unknown') {
    const d = lookupDomain(table, name);
    if (d.hit) return d;
  }
  const delim = addr.includes(':') ? ':' : '.';
  let a = addr;
  for (;;) {
    const hit = table.lookup(a);
    if (hit) return { hit, key: a };
    const i = a.lastIndexOf(delim);
    if (i <= 0) break;
    a = a.slice(0, i);
  }
  return {};
}
