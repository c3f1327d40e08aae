// Host names, address literals and envelope domains as Postfix 3.7.11 takes or refuses them
// (each case seen on the real server: 250 or 501 5.1.7 / 5.5.4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envelopeDomainOk, validHostname, xclientAddr } from '../../src/postfix/hostnames.js';

test('valid_hostname(): labels, hyphens, underscores, a final dot, not all numeric', () => {
  for (const [name, ok] of [
    ['mx.example.net', true],
    ['x_y.example', true],
    ['example.', true],
    ['-x.example', false],
    ['x-.example', false],
    ['x..y', false],
    ['.example', false],
    ['1.2.3.4', false],
    ['123', false],
    ['123.example', true],
    ['bad_domain!', false],
    [`${'a'.repeat(63)}.example`, true],
    [`${'a'.repeat(64)}.example`, false],
  ] as const)
    assert.equal(validHostname(name), ok, name);
});

test('the domain of an envelope address: what trivial-rewrite takes (a non-ASCII one only under SMTPUTF8)', () => {
  for (const [addr, ok] of [
    ['', true],
    ['a', true],
    ['a@example.net', true],
    ['a@', false],
    ['@', false],
    ['a@bad_domain!', false],
    ['a@b!c.example', false],
    ['a!b@c.example', true],
    ['a%b@c.example', true],
    ['a@b@c', true],
    ['a@1.2.3.4', false],
    ['a@[1.2.3.4]', true],
    ['a@[bad]', false],
    ['a@[ipv6:::1]', true],
    ['"x@y"@example.net', true],
    ['a@ñandú.example', true],
  ] as const)
    assert.equal(envelopeDomainOk(addr, true), ok, addr);
  assert.equal(envelopeDomainOk('a@ñandú.example', false), false);
});

test('XCLIENT ADDR: IPv4 (a leading 0 is octal), IPv6 only with the IPv6: prefix and inet_protocols naming it', () => {
  for (const [value, ipv6, addr] of [
    ['1.2.3.4', false, '1.2.3.4'],
    ['01.2.3.4', false, '1.2.3.4'],
    ['010.2.3.4', false, '8.2.3.4'],
    ['08.1.1.1', false, undefined],
    ['1.2.3.256', false, undefined],
    ['1.2.3', false, undefined],
    ['0x1.2.3.4', false, undefined],
    ['bad', false, undefined],
    ['IPV6:2001:db8::7', false, undefined],
    ['IPV6:2001:db8::7', true, '2001:db8::7'],
    ['IPV6:2001:DB8::0007', true, '2001:db8::7'],
    ['2001:db8::7', true, undefined],
    ['ipv6:::ffff:1.2.3.4', true, '1.2.3.4'],
    ['IPv6:bad::x', true, undefined],
    ['IPV6:1.2.3.4', true, undefined],
  ] as const)
    assert.equal(xclientAddr(value, ipv6), addr, `${value} ${ipv6}`);
});
