// The mail client's autoconfig file: the XML for given servers (pure), read back with xmllint
// as Thunderbird reads it, and the file `mailsec sandbox start` writes with the ports it bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { MAIL_CLIENT_CONFIG, mailClientConfig, type MailClientServers } from '../../src/core/mail-client.js';
import { CliSandbox } from '../helpers/cli.js';
import { freshWorkspace, missingTools } from '../prove/env.js';

const SERVERS: MailClientServers = { domain: 'aula.test', host: '127.0.0.1', pop3: 2110, pop3s: 2995, submission: 2587, smtps: 2465 };

/** the servers of one kind in the order they are listed: type, port, socketType, username, authentication */
function servers(xml: string, tag: 'incomingServer' | 'outgoingServer') {
  return [...xml.matchAll(new RegExp(`<${tag} type="(\\w+)">([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => {
    const field = (f: string) => new RegExp(`<${f}>([^<]*)</${f}>`).exec(m[2])?.[1];
    return [m[1], field('hostname'), Number(field('port')), field('socketType'), field('username'), field('authentication')];
  });
}

test('POP3 with STARTTLS and in implicit TLS, SMTP on the submission ports, the user and a password inside TLS', () => {
  const xml = mailClientConfig(SERVERS);
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
  assert.match(xml, /<clientConfig version="1\.1">\s*<emailProvider id="aula\.test">\s*<domain>aula\.test<\/domain>/);
  assert.match(xml, /<displayName>mailsec sandbox \(aula\.test\)<\/displayName>/);
  const user = ['%EMAILLOCALPART%', 'password-cleartext'];
  assert.deepEqual(servers(xml, 'incomingServer'), [
    ['pop3', '127.0.0.1', 2110, 'STARTTLS', ...user],
    ['pop3', '127.0.0.1', 2995, 'SSL', ...user],
  ]);
  assert.deepEqual(servers(xml, 'outgoingServer'), [
    ['smtp', '127.0.0.1', 2587, 'STARTTLS', ...user],
    ['smtp', '127.0.0.1', 2465, 'SSL', ...user],
  ]);
});

test('with IMAP, its two servers come first (Thunderbird offers the first incoming server)', () => {
  const xml = mailClientConfig({ ...SERVERS, pop3: 4110, imap: { imap: 2143, imaps: 2993 } });
  assert.deepEqual(
    servers(xml, 'incomingServer').map((s) => [s[0], s[2], s[3]]),
    [
      ['imap', 2143, 'STARTTLS'],
      ['imap', 2993, 'SSL'],
      ['pop3', 4110, 'STARTTLS'],
      ['pop3', 2995, 'SSL'],
    ],
  );
});

test('what it writes is escaped XML', () => {
  const xml = mailClientConfig({ ...SERVERS, host: 'a&b<c>"d' });
  assert.match(xml, /<hostname>a&amp;b&lt;c&gt;&quot;d<\/hostname>/);
  assert.doesNotMatch(xml, /a&b/);
});

const noXmllint = missingTools(['xmllint']);

test('xmllint reads it as well-formed XML, and finds each server where Thunderbird looks', { skip: noXmllint }, () => {
  for (const s of [SERVERS, { ...SERVERS, imap: { imap: 2143, imaps: 2993 } }]) {
    const xml = mailClientConfig(s);
    execFileSync('xmllint', ['--noout', '-'], { input: xml });
    const xpath = (q: string) => execFileSync('xmllint', ['--xpath', q, '-'], { input: xml, encoding: 'utf8' }).trim();
    assert.equal(xpath('string(/clientConfig/@version)'), '1.1');
    assert.equal(xpath('string(/clientConfig/emailProvider/@id)'), 'aula.test');
    assert.equal(xpath('string(//incomingServer[@type="pop3"][socketType="STARTTLS"]/port)'), '2110');
    assert.equal(xpath('string(//incomingServer[@type="pop3"][socketType="SSL"]/port)'), '2995');
    assert.equal(xpath('string(//outgoingServer[@type="smtp"][socketType="STARTTLS"]/port)'), '2587');
    assert.equal(xpath('count(//incomingServer[@type="imap"])'), s.imap ? '2' : '0');
  }
});

test('mailsec sandbox start writes it with the ports it listens on', async () => {
  const ws = freshWorkspace('aula.test');
  const file = ws.resolve(MAIL_CLIENT_CONFIG);
  assert.ok(!existsSync(file));
  const sb = await CliSandbox.start(ws.root);
  try {
    const xml = readFileSync(file, 'utf8');
    const { pop3, pop3s, submission, smtps } = sb.ports;
    assert.ok([pop3, pop3s, submission, smtps].every((p) => p > 0));
    // IMAP is offered only while Dovecot serves its ports (not installed, or no folder it may use: none)
    const imap = sb.imap === 'running' || sb.imap === 'waiting' ? imapOf(sb.ports) : undefined;
    assert.equal(xml, mailClientConfig({ domain: 'aula.test', host: sb.host, pop3, pop3s, submission, smtps, imap }));
    assert.equal(/type="imap"/.test(xml), !!imap);
  } finally {
    await sb.close();
  }
});

/** IMAP's ports, as the sandbox reports them */
function imapOf(ports: object): MailClientServers['imap'] {
  const p = ports as Partial<Record<'imap' | 'imaps', number>>;
  return p.imap && p.imaps ? { imap: p.imap, imaps: p.imaps } : undefined;
}
