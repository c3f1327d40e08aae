import type { GlobalOptions, Args } from './options.js';
import type { Course } from '../course/loader.js';
import { readCachedCourse } from '../course/cache.js';
import { reportCourseErrors } from '../course/format.js';
import { lessonsDir } from '../util/paths.js';
import { openWorkbookWith, workspaceDir } from './workbook-open.js';
import { Workspace, initWorkspace } from '../workspace/workspace.js';
import { t, msg } from '../i18n/messages.js';
import { loadTarget, targetLine } from '../workspace/target.js';
import { onUserPaths } from '../util/fs-errors.js';
import { UserError } from '../util/errors.js';

/** `mailsec` alone: the TUI on a terminal, else the plain line-based view. */
export async function open(g: GlobalOptions, v: Args['values']): Promise<number> {
  const dir = workspaceDir(g);
  const c = await course(g);
  if (!Workspace.exists(dir) && !g.workspace && !process.env.MAILSEC_WORKSPACE) {
    // the quick start is `npm start`: make the default workspace rather than stop at an error
    // (a folder named by --workspace or MAILSEC_WORKSPACE is never made: a typo is reported)
    const { workspaceTeacher } = await import('./teacher-key.js');
    const teacher = await workspaceTeacher(g.lang, dir, {});
    const r = onUserPaths([dir], 'write', () => initWorkspace(dir, { files: teacher.files }));
    for (const m of teacher.notices) process.stderr.write(t(g.lang, m.key, m.params) + '\n');
    const n = r.workspace.notice;
    if (n) process.stderr.write(t(g.lang, n.key, n.params) + '\n');
    process.stderr.write(
      t(g.lang, 'init.done', { dir, domain: r.workspace.domain, created: r.created.length, kept: r.kept.length }) + '\n',
    );
  }
  const wb = openWorkbookWith(g, c);
  // E in the workbook chooses a server as `mailsec check --target` does
  wb.servers = {
    line: () => targetLine(loadTarget(wb.ws)),
    // what resolves a server is loaded when one is chosen, not at start-up
    choose: async (line) => (await import('./check-target.js')).chooseServer(wb.ws, line),
  };
  // a real server saved by `mailsec check --target`: the workbook checks it too
  const saved = loadTarget(wb.ws);
  if (saved) {
    const { resolveTarget } = await import('./check-target.js');
    const { remoteChecker } = await import('../core/remote-check.js');
    let notice = msg('remote.workbookNotice', { target: saved.target });
    try {
      const target = await resolveTarget(wb.ws, {});
      if (target) wb.remote = await remoteChecker(wb.ws, target);
    } catch (e) {
      // a saved server that no longer resolves (or is refused): the sandbox, saying why
      if (!(e instanceof UserError)) throw e;
      notice = msg('remote.workbookSandbox', { target: saved.target, why: wb.text(e.userMessage) });
    }
    process.stderr.write(wb.text(notice) + '\n');
    wb.notices.push(notice);
  }
  const tty = process.stdout.isTTY && process.stdin.isTTY;
  if (!tty || g.plain) {
    const { runPlain } = await import('./plain.js');
    return runPlain(wb, process.stdin, process.stdout);
  }
  const { runTui } = await loadUiOnTerminal();
  return runTui(wb, { watch: !v['no-watch'], sandbox: !v['no-sandbox'] });
}

/**
 * The course as this build cached it, so the first frame loads neither the YAML parser
 * nor the schemas nor the checks; parsed (and cached) when the lessons changed.
 */
async function course(g: GlobalOptions): Promise<Course> {
  const cached = readCachedCourse(lessonsDir());
  return cached ? reportCourseErrors(g.lang, cached) : (await import('./common.js')).course(g);
}

/**
 * Ink draws only its last frame when CI or CONTINUOUS_INTEGRATION is set, decided once
 * when it loads. A person at a terminal gets the live workbook whatever the environment
 * says; the variables are hidden only while Ink loads, so commands run from it still see them.
 */
async function loadUiOnTerminal(): Promise<typeof import('../ui/run.js')> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // Ink's layout engine (yoga, emscripten) asks `typeof fetch` while it loads, and on
  // Node 20 that first touch of fetch loads the whole HTTP client (~40 ms of the first
  // frame) for nothing: its wasm is inline. fetch is hidden for that moment only.
  const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetchDescriptor?.configurable) Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await import('../ui/run.js');
  } finally {
    if (fetchDescriptor?.configurable) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}
