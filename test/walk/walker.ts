// A learner who does what the lesson text says: the step's blocks as the workbook numbers
// them (stepBlocks), with the workspace's domain and the sandbox's real ports in place of
// {{domain}} and 2525…; command lines run in a terminal in the workspace, with `mailsec`
// on PATH (the built CLI); blocks of configuration go to the file the text names; blocks
// that show what a command prints are read, and a value the learner must copy from the
// screen (a CRAM-MD5 challenge) is taken from what the command really printed.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockKind, stepBlocks, type StepBlock } from '../../src/core/blocks.js';
import { localizeText } from '../../src/core/workbook.js';
import type { Course, Lesson, Step } from '../../src/course/loader.js';
import type { Answer } from '../../src/workspace/progress.js';
import type { SandboxPorts } from '../../src/sandbox/types.js';
import { CLI, CLOSED_PORTS, CliSandbox, portEnv } from '../helpers/cli.js';
import { applyEdit, bumpSerial, modeFor } from './edits.js';
import { Terminal, type LineRun, type Session } from './terminal.js';
import { TYPED, type StepState, type Typed } from './typed.js';

const EDITOR = /^(nano|vi|vim|emacs)\s+(\S+)$/;
const SANDBOX_START = /^(?:\S+=\S+\s+)*mailsec\s+sandbox\s+start\b/;
const SESSION = /^openssl\s+s_client\b/;

/** {{domain}}, {{hostname}} and the default ports, replaced as the workbook does for the learner */
export function localize(text: string, vars: Record<string, string>, ports?: SandboxPorts): string {
  return localizeText(text, vars, ports ?? CLOSED_PORTS);
}

export interface DoneStep {
  answer?: Answer;
  /** what was done, for a failing check's message */
  log: string[];
  /** lines of the text's example output that nothing the commands printed resembles */
  unlike: string[];
}

/**
 * Does a line of the text's example output appear in what the command printed? Ids,
 * numbers, long base64 or hex and "…" stand for whatever the real run printed there.
 */
export function resembles(example: string, real: string): boolean {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  const pattern = flat(example)
    .split(/(…|\.\.\.|\b[A-Za-z0-9+/]{20,}={0,2}|\b[0-9A-F]{8,}\b|\d+)/)
    .map((part, i) =>
      i % 2 ? (/^(…|\.\.\.)$/.test(part) ? '.*?' : /^\d+$/.test(part) ? '\\d+' : '\\S+') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const re = new RegExp(pattern);
  return real.split('\n').some((l) => re.test(flat(l)));
}

/** A block that shows output teaches what to copy: its long words, where the real output has others. */
function learn(example: string, real: string, into: Map<string, string>): void {
  const words = (l: string) => l.trim().split(/\s+/);
  const realLines = real
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const e of example.split('\n').map((l) => l.trim())) {
    if (!e || /^(\.\.\.|…)$/.test(e)) continue;
    const ew = words(e);
    const same = realLines.filter((r) => words(r).length === ew.length);
    let best: string | undefined;
    if (ew.length === 1) best = same.length === 1 ? same[0] : undefined;
    else {
      let score = 0;
      for (const r of same) {
        const s = words(r).filter((w, i) => w === ew[i]).length;
        if (s > score) [best, score] = [r, s];
      }
    }
    if (!best) continue;
    words(best).forEach((w, i) => {
      if (w !== ew[i] && ew[i].length >= 12) into.set(ew[i], w);
    });
  }
}

export class Walker {
  sandbox?: CliSandbox;
  readonly terminal: Terminal;
  private readonly bin: string;
  private zoneStamp = '';

  constructor(
    readonly course: Course,
    readonly ws: string,
    readonly vars: { domain: string; hostname: string },
    tmp: string,
    private readonly sandboxEnv: () => Promise<NodeJS.ProcessEnv>,
  ) {
    // `mailsec` in the learner's shell is the built CLI
    this.bin = join(tmp, 'bin');
    mkdirSync(this.bin, { recursive: true });
    writeFileSync(join(this.bin, 'mailsec'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(this.bin, 'mailsec'), 0o755);
    this.terminal = new Terminal(ws, () => this.env());
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      LANG: 'C.UTF-8',
      LC_ALL: '',
      NO_COLOR: '1',
      MAILSEC_CACHE_DIR: '',
      MAILSEC_WORKSPACE: this.ws,
      ...portEnv(this.sandbox?.ports ?? CLOSED_PORTS),
      PATH: `${this.bin}:${process.env.PATH ?? ''}`,
    };
  }

  private text(s: string): string {
    return localize(s, this.vars as unknown as Record<string, string>, this.sandbox?.ports);
  }

  blocks(step: Step): StepBlock[] {
    return stepBlocks(step.body.es);
  }

  private typed(ref: string, state: StepState): Typed {
    const t = TYPED[ref];
    return typeof t === 'function' ? t(state) : (t ?? {});
  }

  /** the zone files changed: give the DNS its moment to reload them, as a person typing the next command does */
  private async settleZones(): Promise<void> {
    const dir = join(this.ws, 'etc/bind');
    const stamp = readdirSync(dir)
      .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`)
      .join(',');
    if (this.zoneStamp && stamp !== this.zoneStamp) await new Promise((r) => setTimeout(r, 400));
    this.zoneStamp = stamp;
  }

  /** a file of the workspace, or every file in a folder of it */
  private readAll(rel: string): string {
    const p = join(this.ws, rel);
    if (!statSync(p).isDirectory()) return readFileSync(p, 'utf8');
    return readdirSync(p)
      .map((f) => join(p, f))
      .filter((f) => statSync(f).isFile())
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  /** the sandbox a learner started in an earlier lesson (for a lesson walked alone) */
  async startSandbox(): Promise<void> {
    this.sandbox ??= await CliSandbox.start(this.ws, await this.sandboxEnv());
  }

  async settle(): Promise<void> {
    await this.settleZones();
  }

  /** Does the step as its Spanish text says; returns the answer the learner gives, if any. */
  async doStep(lesson: Lesson, step: Step): Promise<DoneStep> {
    const ref = `${lesson.id}/${step.id}`;
    const state: StepState = { ws: this.ws, vars: this.vars, output: '', last: '' };
    const typed = this.typed(ref, state);
    const log: string[] = [];
    const learned = new Map<string, string>();
    const unlike: string[] = [];
    let session: Session | undefined;
    /** what the last command block printed, while no other block came between */
    let lastRun: string | undefined;

    const copy = (s: string) => [...learned].reduce((acc, [from, to]) => acc.split(from).join(to), s);
    const printed = (out: string) => {
      state.output += out + '\n';
      state.last = out;
      lastRun = (lastRun ?? '') + out + '\n';
    };

    const runLine = async (raw: string) => {
      let line = copy(raw).trim();
      if (!line || line.startsWith('#')) return;
      if (session && blockKind(line) === 'text') {
        const reply = await session.type(line);
        log.push(`  (session) ${line}\n${reply}`);
        printed(reply);
        return;
      }
      const ed = EDITOR.exec(line);
      if (ed) {
        const content = typed.write?.[ed[2]];
        if (content !== undefined) writeFileSync(join(this.ws, ed[2]), content);
        log.push(`$ ${line}  (${content !== undefined ? `writes ${ed[2]}` : 'the edit is the block of configuration below'})`);
        return;
      }
      if (SANDBOX_START.test(line)) {
        // a terminal of its own: the sandbox runs in the background from here on
        this.sandbox ??= await CliSandbox.start(this.ws, await this.sandboxEnv());
        log.push(`$ ${line}  (in the background, ports ${JSON.stringify(this.sandbox.ports)})`);
        return;
      }
      if (SESSION.test(line)) {
        if (session) await session.end();
        session = this.terminal.session(line);
        await session.ready();
        log.push(`$ ${line}  (session)`);
        printed(session.output);
        return;
      }
      for (const [word, re] of Object.entries(typed.fill ?? {})) {
        if (!new RegExp(`\\b${word}\\b`).test(line)) continue;
        const m = re.exec(state.output);
        if (!m)
          throw new Error(
            `${ref}: the learner fills ${word} in \`${line}\` from ${re}, not in what was printed:\n${state.output.slice(-1500)}`,
          );
        line = line.replace(new RegExp(`\\b${word}\\b`, 'g'), m[1]);
      }
      await this.settleZones();
      const r: LineRun = await this.terminal.run(line, typed.prompts);
      log.push(`$ ${line}  (exit ${r.code})\n${r.output.trimEnd().split('\n').slice(-15).join('\n')}`);
      printed(r.output);
    };

    try {
      for (const b of this.blocks(step)) {
        if (typed.fix?.before === b.n) {
          typed.fix.apply(state);
          log.push(`[${b.n}] the learner's repair, before this block`);
          lastRun = undefined;
        }
        const content = this.text(b.content);
        const edit = typed.edit?.[b.n];
        if (edit !== undefined) {
          const { file, mode } = typeof edit === 'string' ? { file: edit, mode: modeFor(edit) } : edit;
          const path = join(this.ws, file);
          applyEdit(path, content, mode);
          if (typed.serial) writeFileSync(path, bumpSerial(readFileSync(path, 'utf8')));
          log.push(`[${b.n}] → ${file} (${mode}${typed.serial ? ', serial raised' : ''})`);
          lastRun = undefined;
          continue;
        }
        if (b.kind === 'sudo') {
          log.push(`[${b.n}] not run: a real server's command (sudo)`);
          lastRun = undefined;
          continue;
        }
        if (b.kind === 'text') {
          // what a command printed, or what a file the text names holds: the learner reads it
          // (and copies from their own screen what the example shows)
          const where = typed.shows?.[b.n];
          const seen = where ? this.readAll(where) : typed.illustrates?.[b.n] ? undefined : lastRun;
          if (lastRun !== undefined && !where) learn(content, lastRun, learned);
          if (seen !== undefined) {
            // a mail's headers fold where their length says: compare them unfolded
            const unfold = (x: string) => (where ? x.replace(/\n[ \t]+/g, ' ') : x);
            for (const l of unfold(content).split('\n')) {
              if (l.trim() && !/^(\.\.\.|…)$/.test(l.trim()) && !resembles(l, unfold(seen)))
                unlike.push(`[${b.n}] ${l.trim()}${where ? ` (in ${where})` : ''}`);
            }
          }
          continue;
        }
        if (typed.skip?.[b.n]) {
          log.push(`[${b.n}] not run: ${typed.skip[b.n]}`);
          lastRun = undefined;
          continue;
        }
        // what the block printed, all its lines, is what an output block after it shows
        lastRun = '';
        for (const line of content.split('\n')) await runLine(line);
      }
      for (const r of typed.repeat ?? []) {
        const [sref, n] = r.split('#');
        const [lid, sid] = sref.split('/');
        const other = this.course.lessons.find((l) => l.id === lid)?.steps.find((s) => s.id === sid);
        const b = other && this.blocks(other).find((x) => x.n === Number(n));
        if (!b) throw new Error(`${ref}: repeats ${r}, which is not a block of the course`);
        log.push(`[${r}] again`);
        for (const line of this.text(b.content).split('\n')) await runLine(line);
      }
      const toType = typeof typed.type === 'function' ? typed.type(state) : typed.type;
      if (toType?.length && !session) throw new Error(`${ref}: the learner has lines to type and no session is open`);
      for (const l of toType ?? []) {
        const reply = await session!.type(l);
        log.push(`  (session) ${l}\n${reply}`);
      }
      if (session) await session.end();
    } catch (e) {
      session?.kill();
      (e as Error).message += `\n--- what the walk did in ${ref}:\n${log.join('\n')}`;
      throw e;
    }
    const answer = typeof typed.answer === 'function' ? typed.answer(state) : typed.answer;
    await this.settleZones();
    return { answer, log, unlike };
  }

  /**
   * gpg asks for the passphrase through a pinentry (a window on a desktop); this one
   * types the learner's passphrase, so gpg runs as the text writes it.
   */
  typingPinentry(gnupgHome: string, passphrase: string): void {
    const pin = join(this.bin, 'pinentry-walk');
    const q = passphrase.replace(/'/g, `'\\''`);
    writeFileSync(
      pin,
      `#!/bin/sh\necho 'OK Pleased to meet you'\nwhile IFS= read -r l; do\n  case "$l" in\n    GETPIN*) printf 'D %s\\nOK\\n' '${q}' ;;\n    BYE*) echo OK; exit 0 ;;\n    *) echo OK ;;\n  esac\ndone\n`,
    );
    chmodSync(pin, 0o755);
    const home = join(this.ws, gnupgHome);
    mkdirSync(home, { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'gpg-agent.conf'), `pinentry-program ${pin}\n`);
  }

  async close(): Promise<void> {
    await this.sandbox?.close();
    const home = join(this.ws, 'home/alumno/.gnupg');
    if (existsSync(home)) await this.terminal.run(`gpgconf --homedir '${home}' --kill all`).catch(() => undefined);
    this.terminal.close();
  }
}
