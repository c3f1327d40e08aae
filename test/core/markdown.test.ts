import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, lineText, wrap, breakCodeLine } from '../../src/course/markdown.js';
import { blockKind } from '../../src/core/blocks.js';

const text = (md: string, width = 40) => renderMarkdown(md, width).lines.map(lineText);

test('headings, emphasis and inline code keep their styles', () => {
  const r = renderMarkdown('# Título\n\nTexto **fuerte**, *suave* y `main.cf`.', 60);
  assert.equal(lineText(r.lines[0]), 'Título');
  assert.equal(r.lines[0][0].style?.heading, 1);
  assert.equal(lineText(r.lines[1]), '══════');
  const body = r.lines[3];
  assert.ok(body.some((s) => s.text === 'fuerte' && s.style?.bold));
  assert.ok(body.some((s) => s.text === 'suave' && s.style?.italic));
  assert.ok(body.some((s) => s.text === 'main.cf' && s.style?.code));
});

test('fenced code blocks are numbered, kept whole in codeBlocks, and carry no frame characters', () => {
  const long = 'openssl req -new -x509 -key cert.key -out cert.crt -days 365 -subj "/CN=mail.alexdns.local"';
  const r = renderMarkdown(`Haz esto:\n\n\`\`\`bash\n${long}\n\`\`\`\n\n\`\`\`\nls\n\`\`\``, 40);
  assert.deepEqual(
    r.codeBlocks.map((b) => [b.n, b.lang, b.content]),
    [
      [1, 'bash', long],
      [2, '', 'ls'],
    ],
  );
  const lines = r.lines.map(lineText);
  assert.ok(lines.includes('[1] bash'));
  assert.ok(
    lines.some((l) => l.startsWith('  openssl req') && l.endsWith(' \\')),
    'a long command is continued shell-style',
  );
  assert.ok(lines.includes('[2]'));
});

test('paragraphs wrap to the width, lists indent their continuation lines', () => {
  const lines = text('- uno dos tres cuatro cinco seis siete ocho nueve diez once doce\n- trece', 24);
  for (const l of lines) assert.ok(l.length <= 24, l);
  assert.match(lines[0], /^• uno/);
  assert.match(lines[1], /^  \S/);
  assert.match(lines.at(-1)!, /^• trece$/);
  assert.deepEqual(text('1. a\n2. b'), ['1. a', '2. b']);
});

test('tables are drawn in columns that fit the width', () => {
  const lines = text('| Capa | Lección |\n|---|---|\n| TLS | 02 |\n| Autenticación SMTP | 03 |', 60);
  assert.equal(lines[0], 'Capa               │ Lección');
  assert.match(lines[1], /^─+─┼──+$/);
  assert.equal(lines[3], 'Autenticación SMTP │ 03     ');
  for (const l of text('| a | b |\n|---|---|\n| ' + 'x'.repeat(80) + ' | y |', 30)) assert.ok(l.length <= 30, l);
});

test('links show their address so it can be copied', () => {
  assert.deepEqual(text('Lee [la RFC](https://www.rfc-editor.org/rfc/rfc7208).', 80), [
    'Lee la RFC <https://www.rfc-editor.org/rfc/rfc7208>.',
  ]);
});

test('a word longer than the width is cut, never lost', () => {
  const l = wrap([{ text: 'a'.repeat(25) }], 10).map(lineText);
  assert.deepEqual(l, ['aaaaaaaaaa', 'aaaaaaaaaa', 'aaaaa']);
});

test('a long command is broken where a paste still runs it; a long main.cf line as Postfix continues it', async () => {
  const { breakCodeLine } = await import('../../src/course/markdown.js');
  const cmd = 'openssl req -new -x509 -key cert.key -out cert.crt -days 365 -subj "/CN=mail.alexdns.local with spaces"';
  const pieces = breakCodeLine(cmd, 40);
  for (const p of pieces) assert.ok(p.length <= 40, p);
  assert.ok(pieces.slice(0, -1).every((p) => p.endsWith(' \\')));
  assert.ok(pieces.slice(1).every((p) => p.startsWith('    ')));
  // joined as bash joins backslash-newline, it is the same command
  assert.equal(pieces.join('\n').replace(/ \\\n {4}/g, ' '), cmd);
  assert.ok(
    pieces.some((p) => p.includes('"/CN=mail.alexdns.local with spaces"')),
    'never broken inside quotes',
  );
  const cf = 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination';
  const cfPieces = breakCodeLine(cf, 40);
  assert.ok(
    cfPieces.slice(1).every((p) => /^ {4}\S/.test(p)),
    'continuation lines start with whitespace, as main.cf wants',
  );
  assert.ok(!cfPieces.some((p) => p.endsWith('\\')));
  const { parseMainCf, param } = await import('../../src/postfix/main-cf.js');
  assert.equal(
    param(parseMainCf(cfPieces.join('\n')), 'smtpd_relay_restrictions'),
    'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
  );
  assert.deepEqual(breakCodeLine('short', 40), ['short']);
  const r = renderMarkdown('```\n' + cmd + '\n```', 42);
  assert.equal(r.codeBlocks[0].content, cmd, 'the block itself (what r runs) is untouched');
});

test('a command whose output goes into a variable breaks as a command; a log line never gets a backslash', async () => {
  const { breakCodeLine } = await import('../../src/course/markdown.js');
  const hash = 'HASH=$(openssl x509 -in etc/ssl/certs/cert.crt -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -c1-64)';
  const pieces = breakCodeLine(hash, 76);
  assert.ok(pieces.length > 1);
  assert.ok(
    pieces.slice(0, -1).every((p) => p.endsWith(' \\')),
    pieces.join('\n'),
  );
  assert.equal(pieces.join('\n').replace(/ \\\n {4}/g, ' '), hash);
  const log =
    'postfix/smtp[2817]: Verified TLS connection established to mx.correo.example[198.51.100.25]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384';
  assert.ok(breakCodeLine(log, 76).length > 1);
  assert.ok(!breakCodeLine(log, 76).some((p) => p.endsWith('\\')), 'a log line is not a command');
});

test('a long shell line that starts with a shell word (exec, for, sleep) breaks with backslashes too, as the block runner takes it for a command', () => {
  const robot =
    "exec 3<>/dev/tcp/127.0.0.1/2526; for c in 'EHLO robot.example' 'MAIL FROM:<spam@example.net>' 'RCPT TO:<alumno@aula.test>' QUIT; do printf '%s\\r\\n' \"$c\" >&3; sleep 1; done; cat <&3";
  const lines = breakCodeLine(robot, 76);
  assert.ok(lines.length > 1);
  for (const l of lines.slice(0, -1)) assert.ok(l.endsWith(' \\'), l);
  assert.equal(blockKind(robot), 'command');
  // the pasted lines are the same command again
  assert.equal(lines.map((l) => l.replace(/ \\$/, '').trim()).join(' '), robot);
});
