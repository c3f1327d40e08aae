// The learner's terminal for the course walk: each command line runs in a pseudo-terminal
// (util-linux `script`), in the workspace, so a tool that asks for a passphrase or a y/N
// asks it as it would a person, and the walk answers only the prompts the lesson names.
// Variables a line sets or exports (GNUPGHOME, R=…) stay for the next lines, as in one shell.
// `openssl s_client` sessions get pipes instead: the walk types SMTP lines into them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Prompt {
  /** what the tool prints, at the end of its output so far */
  re: RegExp;
  /** what the learner types (Enter is added) */
  answer: string;
}

export interface LineRun {
  line: string;
  code: number;
  output: string;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]/g;
export const clean = (s: string) => s.replace(ANSI, '').replace(/\r/g, '');

/** how long a line may stay silent with a question on screen before the walk says nobody answers it */
const SILENT_PROMPT_MS = 15_000;
const LOOKS_LIKE_PROMPT = /(:|\?|\(y\/N\)|\[[^\]\n]*\])\s*$/;
// the shell's own variables, never carried from one line to the next
const SHELL_VARS = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', 'WALK_STATE']);

function killGroup(p: ChildProcess): void {
  try {
    if (p.pid) process.kill(-p.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export class Terminal {
  /** what lines exported so far (GNUPGHOME …) */
  exported: Record<string, string> = {};
  private readonly dir = mkdtempSync(join(tmpdir(), 'mailsec-term-'));

  constructor(
    readonly cwd: string,
    private readonly baseEnv: () => NodeJS.ProcessEnv,
    private readonly silentPromptMs = SILENT_PROMPT_MS,
  ) {}

  env(): NodeJS.ProcessEnv {
    return { ...this.baseEnv(), ...this.exported };
  }

  /** a new terminal: what earlier lines exported is gone */
  reset(): void {
    this.exported = {};
  }

  /** Runs one line as typed at the prompt; `prompts` answer the questions it asks. */
  run(line: string, prompts: Prompt[] = [], timeoutMs = 120_000): Promise<LineRun> {
    const script = join(this.dir, 'line.sh');
    const state = join(this.dir, 'env');
    rmSync(state, { force: true });
    // set -a: a variable the line sets (R=…) is there for the next line, as in one shell
    writeFileSync(script, `trap 'env -0 > "$WALK_STATE"' EXIT\nset -a\n${line}\n`);
    const env = { ...this.env(), SHELL: '/bin/bash', WALK_STATE: state };
    const p = spawn('script', ['-q', '-e', '-c', `bash ${script}`, '/dev/null'], {
      cwd: this.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    p.stdin!.on('error', () => undefined);
    let out = '';
    let answeredTo = 0;
    let silent: NodeJS.Timeout | undefined;
    let unanswered = '';
    const watchSilence = () => {
      clearTimeout(silent);
      silent = setTimeout(() => {
        const tail = clean(out).trimEnd().split('\n').pop() ?? '';
        if (LOOKS_LIKE_PROMPT.test(clean(out).slice(-200))) {
          unanswered = tail;
          killGroup(p);
        }
      }, this.silentPromptMs);
    };
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      watchSilence();
      const fresh = clean(out.slice(answeredTo));
      const hit = prompts.find((q) => q.re.test(fresh));
      if (hit) {
        answeredTo = out.length;
        p.stdin!.write(hit.answer + '\n');
      }
    };
    p.stdout!.on('data', onData);
    p.stderr!.on('data', onData);
    watchSilence();
    const limit = setTimeout(() => killGroup(p), timeoutMs);
    return new Promise((resolve, reject) => {
      p.on('error', reject);
      p.on('close', (code, signal) => {
        clearTimeout(limit);
        clearTimeout(silent);
        p.stdin!.destroy();
        const output = clean(out);
        if (unanswered)
          return reject(new Error(`\`${line}\` waits for an answer nobody in the walk types: "${unanswered}"\n${output.slice(-1500)}`));
        if (signal) return reject(new Error(`\`${line}\` did not end within ${timeoutMs / 1000} s:\n${output.slice(-1500)}`));
        this.keepExports(state, env);
        resolve({ line, code: code ?? -1, output });
      });
    });
  }

  private keepExports(state: string, given: NodeJS.ProcessEnv): void {
    let text: string;
    try {
      text = readFileSync(state, 'utf8');
    } catch {
      return;
    }
    for (const entry of text.split('\0')) {
      const i = entry.indexOf('=');
      if (i <= 0) continue;
      const k = entry.slice(0, i);
      const v = entry.slice(i + 1);
      if (!SHELL_VARS.has(k) && given[k] !== v) this.exported[k] = v;
    }
  }

  /** Opens an interactive session (`openssl s_client …`) in this terminal. */
  session(line: string): Session {
    return new Session(line, this.cwd, this.env());
  }

  close(): void {
    // a killed line's bash, in script's own session, may still be writing its EXIT trap here
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 40, retryDelay: 100 });
  }
}

/**
 * An `openssl s_client` session: the walk waits for the TLS handshake, types a line and
 * reads the server's reply to it, as a person reads the screen before typing the next.
 */
export class Session {
  private readonly p: ChildProcess;
  private out = '';
  private err = '';
  private readonly closed: Promise<number>;
  private readonly waiters = new Set<() => void>();
  /** the replies read so far, one entry per typed line */
  readonly replies: string[] = [];

  constructor(
    readonly line: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.p = spawn('bash', ['-c', line], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.p.stdin!.on('error', () => undefined);
    const wake = () => {
      for (const w of [...this.waiters]) w();
    };
    this.p.stdout!.on('data', (d: Buffer) => {
      this.out += d.toString('utf8');
      wake();
    });
    this.p.stderr!.on('data', (d: Buffer) => {
      this.err += d.toString('utf8');
      wake();
    });
    this.closed = new Promise((r) => this.p.on('close', (code) => r(code ?? -1)));
    void this.closed.then(wake);
  }

  get output(): string {
    return clean(this.out + this.err);
  }

  private until(test: () => RegExpExecArray | null, what: string, timeoutMs = 20_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`\`${this.line}\`: ${what} did not come within ${timeoutMs / 1000} s:\n${this.output.slice(-1500)}`));
      }, timeoutMs);
      const check = () => {
        const m = test();
        if (m) {
          clearTimeout(timer);
          this.waiters.delete(check);
          return resolve(m);
        }
        if (this.p.exitCode !== null || this.p.signalCode !== null) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(new Error(`\`${this.line}\` ended before ${what}:\n${this.output.slice(-1500)}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  /** s_client has finished STARTTLS: it prints its verification (on stderr with -quiet, in the summary without). */
  async ready(): Promise<void> {
    await this.until(() => /verify return:|Verify return code/.exec(this.err + this.out), 'the TLS handshake');
    if (!/-quiet\b/.test(this.line))
      await this.until(() => /Verify return code[^\n]*\n(?:.*\n)*?---\n/.exec(this.out), 'the end of the handshake summary');
    // implicit TLS (465): the server greets only once the handshake is done, and the
    // learner reads that 220 before typing EHLO; with -starttls s_client has eaten it
    if (!/-starttls\b/.test(this.line)) await this.until(() => /(?:^|\n)220 [^\n]*\n/.exec(clean(this.out)), 'the 220 greeting');
  }

  /** Types a line and returns the server's whole reply to it (up to its last `NNN ` line). */
  async type(text: string): Promise<string> {
    const from = this.out.length;
    this.p.stdin!.write(text + '\n');
    const m = await this.until(
      () => /(?:^|\n)((?:\d{3}-[^\n]*\n)*\d{3} [^\n]*)\n/.exec(clean(this.out.slice(from))),
      `the reply to "${text}"`,
    );
    const reply = m[1];
    this.replies.push(reply);
    return reply;
  }

  /** QUIT, then the end of input; s_client ends. */
  async end(): Promise<number> {
    if (this.p.exitCode === null) {
      this.p.stdin!.write('QUIT\n');
      this.p.stdin!.end();
    }
    const t = setTimeout(() => killGroup(this.p), 10_000);
    const code = await this.closed;
    clearTimeout(t);
    return code;
  }

  kill(): void {
    killGroup(this.p);
  }
}
