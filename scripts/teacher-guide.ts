// The teacher's guide, docs/teacher/{es,ca,en}.md: the prose here, and per lesson the facts
// read from the course itself (its loader, the checks' message catalogs and the step
// prover's fixtures), so the guide cannot drift from the lessons: test/docs/teacher-guide.test.ts
// fails when a file differs from what this script writes.
// Usage: npx tsx scripts/teacher-guide.ts          (writes docs/teacher/*.md)
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCourse } from '../src/checks/course.js';
import type { Lesson, Step } from '../src/course/types.js';
import { stepBlocks } from '../src/core/blocks.js';
import { catalogs } from '../src/i18n/messages.js';
import { LANGS, type Lang } from '../src/i18n/lang.js';
import { lessonsDir, packageRoot } from '../src/util/paths.js';
import type { LessonFixtures } from '../test/prove/types.js';

export const guideDir = () => join(packageRoot(), 'docs', 'teacher');

/** Message keys many lessons share (the sandbox is down, main.cf does not parse, a wrong quiz answer): they teach nothing about a step. */
const GENERIC = /^(quiz\.|tls\.sandboxDown$|postfix\.broken$|dns\.zoneBroken$)/;
/** Mistakes shown per step: the most instructive, not every variant the prover tries. */
const PER_STEP = 2;
/** A block that shows what a server answers or logs (a swaks transcript, a log line), not what to write. */
const SERVER_OUTPUT = /^(<|->|\S+\[[^\]]*\]:|postfix\/)/;
/** Reading speed assumed for technical text in a second language or a new subject. */
const WORDS_PER_MINUTE = 150;

const TEXT: Record<
  Lang,
  {
    title: string;
    intro: string;
    run: string;
    timing: string;
    lessons: string;
    goal: string;
    time: (m: number, read: number, words: number, cmds: number) => string;
    walked: (s: number) => string;
    steps: string;
    checkpoint: string;
    mistakes: string;
    quiz: string;
    answer: string;
    secret: string;
    example: string;
    noMistakes: string;
    commands: string;
    edits: string;
    noCommands: string;
  }
> = {
  es: {
    title: 'Guía del profesor',
    intro: `Esta guía sirve para preparar cada lección y para llevar una clase entera, desde la lista de estudiantes hasta las notas en Moodle. La parte de cada lección se genera a partir del propio curso (\`npx tsx scripts/teacher-guide.ts\`): el objetivo, el tiempo, los errores que las comprobaciones detectan y los comandos de la solución son los mismos que ve el estudiante. En los comandos, \`{{domain}}\` es el dominio de cada estudiante; cuando un paso ofrece dos maneras de hacer algo, salen las dos. En el cuaderno, la tecla \`T\` muestra la sección de la lección en la que estás.`,
    run: `1. **La lista de clase.** Un CSV con las columnas nombre, correo y, si quieres, grupo.
2. **Tus identidades.** \`mailsec teacher init ~/mailsec-profe --name "Tu nombre"\` crea tu par de claves OpenPGP y tu certificado S/MIME; la parte secreta no sale de esa carpeta.
3. **El archivo de clase.** \`mailsec class init clase.csv --teacher ~/mailsec-profe --name "SMX 2" --out clase.class.json\` da a cada estudiante un dominio propio y guarda solo la parte pública de tus identidades.
4. **Los estudiantes empiezan.** Reparte \`clase.class.json\`; cada estudiante crea su espacio de trabajo con \`mailsec init --class clase.class.json --student SU_CORREO\` y abre el cuaderno con \`mailsec\`.
5. **Las lecciones.** Cada lección dura lo que indica su sección; los puntos de control (✔) son los que cuentan para la nota si no das un archivo de curso.
6. **La entrega.** Cada estudiante ejecuta \`mailsec submit\` y te entrega el archivo \`.mailsec\` que se crea; reúnelos todos en una carpeta, por ejemplo \`entregas/\`. Va cifrado para tu clave OpenPGP, así que solo tú lo abres, y firmado con la clave que el estudiante hizo en la lección 11 (gpg le pide su frase de contraseña): si alguien lo cambia, la corrección lo dice.
7. **La corrección.** \`mailsec grade entregas/ --teacher ~/mailsec-profe --course curso.yaml --html clase.html --feedback devoluciones/ --csv > notas.csv\` vuelve a comprobar cada paso con los archivos del estudiante, detecta copias y escribe la hoja de notas, una página con toda la clase y un informe para cada estudiante en su idioma.
8. **Moodle.** Importa \`notas.csv\` en **Calificaciones → Importar → Archivo CSV** y asocia «Email address» con la dirección de correo del usuario.

Los detalles de cada comando (el formato de la lista, el archivo de curso, qué hace la corrección con una entrega dañada, cómo asociar las columnas en Moodle) están en la sección [«Teachers» del README](../../README.md#teachers), que es la referencia: esta guía no la repite.`,
    timing: `El tiempo de cada lección es el valor \`minutes:\` de su \`lesson.yaml\`: lo que tarda un estudiante en leer y hacer todos los pasos, según quien escribió la lección. La guía lo desglosa: la lectura son las palabras del texto de la lección a ${WORDS_PER_MINUTE} palabras por minuto; el resto es escribir los comandos, editar archivos y entender las respuestas del servidor. Lo que sí se mide es la parte de la máquina: la vuelta automática al curso hace cada paso como dice el texto, con las herramientas reales, y cronometra los comandos y las esperas que piden (como el minuto de anvil en la lección 14); la guía da esa cifra junto a cada lección. Es el mínimo: supone a alguien que no lee, no se equivoca y teclea al instante, así que el tiempo de la lección es esa cifra más la lectura y la escritura. En clase, reserva además unos minutos para las dudas.`,
    lessons: 'Las lecciones',
    goal: 'Objetivo',
    time: (m, read, words, cmds) => `Tiempo: unos ${m} min (lectura: unos ${read} min, ${words} palabras; ${cmds} bloques de comandos).`,
    walked: (sec) => `En la vuelta automática al curso, sus comandos y esperas tardan ${duration(sec)}.`,
    steps: 'Pasos',
    checkpoint: 'punto de control',
    mistakes: 'Errores frecuentes (lo que lee el estudiante):',
    quiz: 'Cuestionario: el estudiante responde en el cuaderno con la tecla `a`.',
    answer: 'Respuesta correcta',
    example: 'ejemplo: sale de lo que responde el servidor de cada estudiante',
    secret:
      'el código secreto que hay dentro de la respuesta cifrada del profesor; es distinto en cada respuesta y solo lo ve quien la descifra (el sandbox guarda solo su hash)',
    noMistakes: 'Errores frecuentes: ninguno que no sea de otro paso.',
    commands: 'Solución:',
    edits: 'Solución (lo que queda en el archivo, como indica el texto del paso):',
    noCommands: 'Solución: se edita un archivo, como indica el texto del paso.',
  },
  ca: {
    title: 'Guia del professor',
    intro: `Aquesta guia serveix per preparar cada lliçó i per portar una classe sencera, des de la llista d'estudiants fins a les notes a Moodle. La part de cada lliçó es genera a partir del mateix curs (\`npx tsx scripts/teacher-guide.ts\`): l'objectiu, el temps, els errors que detecten les comprovacions i les ordres de la solució són les mateixes que veu l'estudiant. A les ordres, \`{{domain}}\` és el domini de cada estudiant; quan un pas ofereix dues maneres de fer una cosa, hi surten totes dues. Al quadern, la tecla \`T\` mostra la secció de la lliçó en què ets.`,
    run: `1. **La llista de classe.** Un CSV amb les columnes nom, correu i, si vols, grup.
2. **Les teves identitats.** \`mailsec teacher init ~/mailsec-profe --name "El teu nom"\` crea el teu parell de claus OpenPGP i el teu certificat S/MIME; la part secreta no surt d'aquesta carpeta.
3. **El fitxer de classe.** \`mailsec class init classe.csv --teacher ~/mailsec-profe --name "SMX 2" --out classe.class.json\` dona a cada estudiant un domini propi i desa només la part pública de les teves identitats.
4. **Els estudiants comencen.** Reparteix \`classe.class.json\`; cada estudiant crea el seu espai de treball amb \`mailsec init --class classe.class.json --student EL_SEU_CORREU\` i obre el quadern amb \`mailsec\`.
5. **Les lliçons.** Cada lliçó dura el que indica la seva secció; els punts de control (✔) són els que compten per a la nota si no dones un fitxer de curs.
6. **El lliurament.** Cada estudiant executa \`mailsec submit\` i et lliura el fitxer \`.mailsec\` que es crea; reuneix-los tots en una carpeta, per exemple \`lliuraments/\`. Va xifrat per a la teva clau OpenPGP, així que només tu l'obres, i signat amb la clau que l'estudiant va fer a la lliçó 11 (gpg li demana la frase de contrasenya): si algú el canvia, la correcció ho diu.
7. **La correcció.** \`mailsec grade lliuraments/ --teacher ~/mailsec-profe --course curs.yaml --html classe.html --feedback retorns/ --csv > notes.csv\` torna a comprovar cada pas amb els fitxers de l'estudiant, detecta còpies i escriu el full de notes, una pàgina amb tota la classe i un informe per a cada estudiant en la seva llengua.
8. **Moodle.** Importa \`notes.csv\` a **Qualificacions → Importa → Fitxer CSV** i associa «Email address» amb l'adreça de correu de l'usuari.

Els detalls de cada ordre (el format de la llista, el fitxer de curs, què fa la correcció amb un lliurament malmès, com associar les columnes a Moodle) són a la secció [«Teachers» del README](../../README.md#teachers), que és la referència: aquesta guia no la repeteix.`,
    timing: `El temps de cada lliçó és el valor \`minutes:\` del seu \`lesson.yaml\`: el que triga un estudiant a llegir i fer tots els passos, segons qui va escriure la lliçó. La guia el desglossa: la lectura són les paraules del text de la lliçó a ${WORDS_PER_MINUTE} paraules per minut; la resta és escriure les ordres, editar fitxers i entendre les respostes del servidor. El que sí que es mesura és la part de la màquina: la volta automàtica al curs fa cada pas com diu el text, amb les eines reals, i cronometra les ordres i les esperes que demanen (com el minut d'anvil a la lliçó 14); la guia dona aquesta xifra al costat de cada lliçó. És el mínim: suposa algú que no llegeix, no s'equivoca i tecleja a l'instant, així que el temps de la lliçó és aquesta xifra més la lectura i l'escriptura. A classe, reserva-hi a més uns minuts per als dubtes.`,
    lessons: 'Les lliçons',
    goal: 'Objectiu',
    time: (m, read, words, cmds) => `Temps: uns ${m} min (lectura: uns ${read} min, ${words} paraules; ${cmds} blocs d'ordres).`,
    walked: (sec) => `A la volta automàtica al curs, les seves ordres i esperes triguen ${duration(sec)}.`,
    steps: 'Passos',
    checkpoint: 'punt de control',
    mistakes: "Errors freqüents (el que llegeix l'estudiant):",
    quiz: "Qüestionari: l'estudiant respon al quadern amb la tecla `a`.",
    answer: 'Resposta correcta',
    example: 'exemple: surt del que respon el servidor de cada estudiant',
    secret:
      'el codi secret que hi ha dins la resposta xifrada del professor; és diferent a cada resposta i només el veu qui la desxifra (el sandbox només en desa el hash)',
    noMistakes: "Errors freqüents: cap que no sigui d'un altre pas.",
    commands: 'Solució:',
    edits: 'Solució (el que queda al fitxer, com indica el text del pas):',
    noCommands: 'Solució: cal editar un fitxer, com indica el text del pas.',
  },
  en: {
    title: "Teacher's guide",
    intro: `This guide helps you prepare each lesson and run a whole class, from the roster to the grades in Moodle. Each lesson's part is generated from the course itself (\`npx tsx scripts/teacher-guide.ts\`): the goal, the time, the mistakes the checks catch and the solution's commands are the ones the student sees. In the commands, \`{{domain}}\` is each student's domain; where a step offers two ways of doing something, both are there. In the workbook, the \`T\` key shows the section of the lesson you are on.`,
    run: `1. **The roster.** A CSV file with the columns name, e-mail and, optionally, group.
2. **Your identities.** \`mailsec teacher init ~/mailsec-profe --name "Your name"\` makes your OpenPGP key pair and your S/MIME certificate; the secret half never leaves that folder.
3. **The class file.** \`mailsec class init class.csv --teacher ~/mailsec-profe --name "SMX 2" --out class.class.json\` gives each student a domain of their own and keeps only the public part of your identities.
4. **The students start.** Hand out \`class.class.json\`; each student makes their workspace with \`mailsec init --class class.class.json --student THEIR_EMAIL\` and opens the workbook with \`mailsec\`.
5. **The lessons.** Each lesson takes the time its section gives; the checkpoints (✔) are what counts for the grade when you give no course file.
6. **Handing in.** Each student runs \`mailsec submit\` and hands you the \`.mailsec\` file it writes; put them all in one folder, such as \`submissions/\`. It is encrypted to your OpenPGP key, so only you can open it, and signed with the key the student made in lesson 11 (gpg asks them for its passphrase): if anyone changes it, grading says so.
7. **Grading.** \`mailsec grade submissions/ --teacher ~/mailsec-profe --course course.yaml --html class.html --feedback feedback/ --csv > grades.csv\` checks every step again on the student's files, detects copying and writes the grade sheet, one page with the whole class and a report for each student in their language.
8. **Moodle.** Import \`grades.csv\` in **Grades → Import → CSV file** and map **Email address** to the user's e-mail address.

The details of each command (the roster's format, the course file, what grading does with a damaged submission, how to map the columns in Moodle) are in the [README's Teachers section](../../README.md#teachers), which is the reference: this guide does not repeat it.`,
    timing: `Each lesson's time is the \`minutes:\` value of its \`lesson.yaml\`: how long a student takes to read and do every step, as the lesson's author estimated it. The guide breaks it down: reading is the words of the lesson's text at ${WORDS_PER_MINUTE} words a minute; the rest is typing the commands, editing files and making sense of the server's answers. What is measured is the machine's part: the automatic course walk does every step as the text says, with the real tools, and times the commands and the waits they ask for (such as anvil's minute in lesson 14); the guide gives that figure beside each lesson. It is the floor: it assumes someone who does not read, makes no mistake and types instantly, so a lesson's time is that figure plus reading and typing. In class, keep a few minutes more for questions.`,
    lessons: 'The lessons',
    goal: 'Goal',
    time: (m, read, words, cmds) => `Time: about ${m} min (reading: about ${read} min, ${words} words; ${cmds} command blocks).`,
    walked: (sec) => `On the automatic course walk, its commands and waits take ${duration(sec)}.`,
    steps: 'Steps',
    checkpoint: 'checkpoint',
    mistakes: 'Usual mistakes (what the student reads):',
    quiz: 'Quiz: the student answers in the workbook with the `a` key.',
    answer: 'Right answer',
    example: "an example: it comes from what each student's server answers",
    secret:
      "the secret code inside the teacher's encrypted answer; it differs in every answer and only whoever decrypts it sees it (the sandbox keeps only its hash)",
    noMistakes: 'Usual mistakes: none that is not another step’s.',
    commands: 'Solution:',
    edits: 'Solution (what the file ends up with, as the step’s text says):',
    noCommands: 'Solution: edit a file, as the step’s text says.',
  },
};

const HEADINGS: Record<Lang, { run: string; timing: string }> = {
  es: { run: 'Cómo llevar la clase', timing: 'Cómo se calcula el tiempo' },
  ca: { run: 'Com portar la classe', timing: 'Com es calcula el temps' },
  en: { run: 'How to run the class', timing: 'How the time is worked out' },
};

/** A message as its template reads, a parameter shown as "…" (the guide has no student's values). */
export function messageText(lang: Lang, key: string): string {
  const template = catalogs[lang][key] ?? key;
  return template
    .replace(/\{\w+\}/g, '…')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** The marker a lesson's section starts with, which the workbook looks for. */
export const lessonMarker = (id: string) => `<!-- lesson: ${id} -->`;

const wordCount = (md: string) =>
  md
    .replace(/```[\s\S]*?```/g, ' ')
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w)).length;

type Option = { id: string; why?: Record<Lang, string> } & Record<Lang, string>;

/** A quiz's right answer: the options marked right with why, or the reference solution's text. */
function quizAnswer(lang: Lang, step: Step, fx: LessonFixtures | undefined): string[] {
  const p = step.check.params as { options?: Option[]; answer?: string | string[]; accept?: string[] };
  const x = TEXT[lang];
  if (p.options && p.answer !== undefined) {
    const right = [p.answer].flat();
    const rows = p.options.filter((o) => right.includes(o.id)).map((o) => `- **${o[lang]}**${o.why ? `: ${o.why[lang]}` : ''}`);
    return [`${x.answer}:`, '', ...rows, ''];
  }
  if (p.accept) return [`${x.answer}: ${p.accept.map((a) => `\`${a}\``).join(', ')}`, ''];
  // a secret only decrypting shows: no example could be right for another student
  if (typeof fx?.[step.id]?.solution.answer === 'function') return [`${x.answer}: ${x.secret}`, ''];
  // an answer read from the student's own server (a queue id, a score): the reference run's, as an example
  const sample = [fx?.[step.id]?.solution.answer ?? []].flat().join(' ').trim();
  return sample ? [`${x.answer}: \`${sample}\` (${x.example})`, ''] : [];
}

function stepPart(lang: Lang, step: Step, n: number, fx: LessonFixtures | undefined): string[] {
  const x = TEXT[lang];
  const out = [`#### ${n}. ${step.title[lang]}${step.checkpoint ? ` (✔ ${x.checkpoint})` : ''}`, ''];
  if (step.check.answered) out.push(x.quiz, '', ...quizAnswer(lang, step, fx));
  else {
    const keys = [...new Set((fx?.[step.id]?.wrong ?? []).map((w) => w.expect))];
    // a message that is mostly the student's values ("In …, … is «…»") says little without them
    const literal = (k: string) =>
      messageText('en', k)
        .replace(/…/g, '')
        .replace(/[^\p{L}]/gu, '').length;
    const chosen = keys.filter((k) => !GENERIC.test(k) && literal(k) >= 40).slice(0, PER_STEP);
    if (chosen.length) out.push(x.mistakes, '', ...chosen.map((k) => `- ${messageText(lang, k)}`), '');
    else out.push(x.noMistakes, '');
  }
  const all = stepBlocks(step.body[lang]);
  const fence = (bs: typeof all) => bs.flatMap((b) => ['```', b.content.replace(/\n+$/, ''), '```', '']);
  const commands = all.filter((b) => b.kind !== 'text');
  // a step without commands is an edit: its text blocks are what the file ends up with (a server's sample answer is not)
  // (of two blocks that set the same thing, the text shows the old value first: the last one is the solution)
  const setting = (b: (typeof all)[number]) => b.firstLine.split(/\s|=/)[0];
  const edits = all
    .filter((b) => b.kind === 'text' && !SERVER_OUTPUT.test(b.firstLine))
    .filter((b, i, bs) => !bs.slice(i + 1).some((later) => setting(later) === setting(b)));
  if (commands.length) out.push(x.commands, '', ...fence(commands));
  else if (edits.length && !step.check.answered) out.push(x.edits, '', ...fence(edits));
  else if (!step.check.answered) out.push(x.noCommands, '');
  return out;
}

function lessonPart(lang: Lang, lesson: Lesson, fx: LessonFixtures | undefined): string[] {
  const x = TEXT[lang];
  const num = lesson.id.slice(0, 2);
  const words = lesson.steps.reduce((s, st) => s + wordCount(st.body[lang]), 0);
  const cmds = lesson.steps.reduce((s, st) => s + stepBlocks(st.body[lang]).filter((b) => b.kind !== 'text').length, 0);
  const out = [lessonMarker(lesson.id), `### ${num} · ${lesson.title[lang]}`, ''];
  if (lesson.summary) out.push(`**${x.goal}.** ${lesson.summary[lang]}`, '');
  const walked = walkTimes()[lesson.id];
  const time = x.time(lesson.minutes, Math.max(1, Math.round(words / WORDS_PER_MINUTE)), words, cmds);
  out.push(walked === undefined ? time : `${time} ${x.walked(walked)}`, '');
  lesson.steps.forEach((s, i) => out.push(...stepPart(lang, s, i + 1, fx)));
  return out;
}

/** Seconds each lesson's steps took on the course walk (MAILSEC_WALK_TIMES=docs/teacher/walk-times.json). */
function walkTimes(): Record<string, number> {
  const f = join(packageRoot(), 'docs', 'teacher', 'walk-times.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, number>) : {};
}

function duration(sec: number): string {
  if (sec < 1) return '< 1 s';
  if (sec < 60) return `${sec} s`;
  const m = Math.floor(sec / 60);
  const r = sec % 60;
  return r ? `${m} min ${r} s` : `${m} min`;
}

/** The step prover's fixtures, per lesson id. */
export async function loadFixtures(): Promise<Record<string, LessonFixtures>> {
  const dir = join(packageRoot(), 'test', 'fixtures', 'steps');
  const out: Record<string, LessonFixtures> = {};
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.ts')) continue;
    out[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(join(dir, f)).href)).default as LessonFixtures;
  }
  return out;
}

/** The whole guide in one language. */
export async function teacherGuide(lang: Lang, fixtures?: Record<string, LessonFixtures>): Promise<string> {
  const fx = fixtures ?? (await loadFixtures());
  const course = loadCourse(lessonsDir());
  const x = TEXT[lang];
  const h = HEADINGS[lang];
  const out = [
    `<!-- generated by scripts/teacher-guide.ts from lessons/, the message catalogs and test/fixtures/steps/: edit those, then run npx tsx scripts/teacher-guide.ts -->`,
    `# ${x.title}`,
    '',
    x.intro,
    '',
    `## ${h.run}`,
    '',
    x.run,
    '',
    `## ${h.timing}`,
    '',
    x.timing,
    '',
    `## ${x.lessons}`,
    '',
  ];
  for (const lesson of course.lessons) out.push(...lessonPart(lang, lesson, fx[lesson.id]));
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fx = await loadFixtures();
  mkdirSync(guideDir(), { recursive: true });
  for (const lang of LANGS) writeFileSync(join(guideDir(), `${lang}.md`), await teacherGuide(lang, fx));
  console.log(`wrote ${LANGS.map((l) => `docs/teacher/${l}.md`).join(', ')}`);
}
