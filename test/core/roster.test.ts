// The roster a teacher exports from a spreadsheet, read into students with domains of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiFold, decodeRoster, nameLabel, parseCsv, readRoster } from '../../src/core/roster.js';

const BASE = 'alexdns.local';

test('quoted CSV fields keep commas, doubled quotes and line breaks; lines are counted from the file', () => {
  const r = parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x\n\n last ,y\n', ',');
  assert.deepEqual(
    r.map((x) => [x.line, x.fields]),
    [
      [1, ['a', 'b, c', 'say "hi"']],
      [2, ['multi\nline', 'x']],
      [5, ['last', 'y']],
    ],
  );
});

test('names are folded to ASCII: accents, ñ, ç, l·l; surname first', () => {
  assert.equal(asciiFold('Núria Çelik-Muñoz'), 'nuria-celik-munoz');
  assert.equal(nameLabel('Marta García López', 'm@x.es'), 'garcia-marta');
  assert.equal(nameLabel('García López, Marta', 'm@x.es'), 'garcia-marta');
  assert.equal(nameLabel('Pol·la Martí i Roig', 'm@x.es'), 'marti-pol-la');
  assert.equal(nameLabel('Ólafur', 'o@x.is'), 'olafur');
  assert.equal(nameLabel('李雷', 'li.lei@x.cn'), 'li-lei', 'nothing left after folding: the e-mail names the domain');
});

test('a header row is optional; groups are kept; each student gets a domain under the base', () => {
  const withHeader = readRoster(
    'Nombre,Correo electrónico,Grupo\n"García López, Marta",marta@ies.cat,SMX2A\nJoan Puig,joan@ies.cat\n',
    BASE,
  );
  const without = readRoster('"García López, Marta",marta@ies.cat,SMX2A\nJoan Puig,joan@ies.cat\n', BASE);
  assert.deepEqual(withHeader.problems, []);
  assert.deepEqual(
    withHeader.students.map((s) => [s.name, s.email, s.group, s.domain]),
    [
      ['García López, Marta', 'marta@ies.cat', 'SMX2A', 'garcia-marta.alexdns.local'],
      ['Joan Puig', 'joan@ies.cat', undefined, 'puig-joan.alexdns.local'],
    ],
  );
  assert.deepEqual(
    without.students.map((s) => s.domain),
    withHeader.students.map((s) => s.domain),
  );
  // a spreadsheet in a Spanish or Catalan locale separates with ;
  assert.equal(readRoster('Nom;Correu;Grup\nJoan Puig;joan@ies.cat;B\n', BASE).students[0].group, 'B');
});

test("colliding names get a suffix decided by e-mail, so the roster order does not change anyone's domain", () => {
  const rows = ['Marta García,zz@ies.cat', 'Marta García Pérez,aa@ies.cat', 'Marta Garcia,mm@ies.cat', 'Marta García 2,x@ies.cat'];
  const a = readRoster(rows.join('\n'), BASE).students;
  const b = readRoster([...rows].reverse().join('\n'), BASE).students;
  const byEmail = (l: typeof a) => Object.fromEntries(l.map((s) => [s.email, s.domain]));
  assert.deepEqual(byEmail(a), byEmail(b));
  assert.equal(byEmail(a)['aa@ies.cat'], 'garcia-marta.alexdns.local');
  assert.equal(new Set(a.map((s) => s.domain)).size, a.length, 'no two students share a domain');
});

test('invalid rows are reported with their line and left out', () => {
  const text = [
    'name,email',
    'Ana Ruiz,ana@ies.cat',
    ',nobody@ies.cat',
    'Pep Vila,not-an-address',
    'Ana Ruiz Bis,ANA@ies.cat',
    'Eva Sol,eva@ies.cat,A,extra',
    '"Unclosed,eva2@ies.cat',
  ].join('\n');
  const r = readRoster(text, BASE);
  assert.deepEqual(
    r.students.map((s) => s.email),
    ['ana@ies.cat'],
  );
  assert.deepEqual(
    r.problems.map((p) => [p.line, p.problem]),
    [
      [3, 'noName'],
      [4, 'badEmail'],
      [5, 'duplicateEmail'],
      [6, 'columns'],
      [7, 'quote'],
    ],
  );
});

test('a roster saved as Windows-1252 by an older spreadsheet keeps its accents', () => {
  const latin1 = Buffer.from('Núria Puig,nuria@ies.cat\nJosé Muñoz,jose@ies.cat\n', 'latin1');
  assert.deepEqual(
    readRoster(decodeRoster(latin1), BASE).students.map((s) => [s.name, s.domain]),
    [
      ['Núria Puig', 'puig-nuria.alexdns.local'],
      ['José Muñoz', 'munoz-jose.alexdns.local'],
    ],
  );
  assert.equal(decodeRoster(Buffer.from('Àlex Çelik,a@b.cat', 'utf8')), 'Àlex Çelik,a@b.cat');
});
