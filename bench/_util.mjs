import { spawnSync, spawn } from 'node:child_process';

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)];
  return { median, min: s[0], max: s.at(-1) };
}

/** Median wall time of running a command `n` times (after one warm-up run). */
export function timeCommand(cmd, args, n = 15, env = process.env, okCodes = [0]) {
  spawnSync(cmd, args, { env, stdio: 'ignore' });
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: 'ignore' });
    if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return stats(xs);
}

/** Time until a command's output (through a pseudo-terminal made by `script`) contains `marker`. */
export function timeToOutput(command, marker, env, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...env, COLUMNS: '80', LINES: '24' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    let done = false;
    p.stdin.on('error', () => {}); // the program may be gone before our 'q' arrives
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`no "${marker}" within ${timeoutMs} ms`));
    }, timeoutMs);
    p.stdout.on('data', (d) => {
      out += d;
      if (!done && out.includes(marker)) {
        done = true;
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        p.stdin.write('q');
        setTimeout(() => p.kill('SIGKILL'), 500);
        resolve(ms);
      }
    });
  });
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
