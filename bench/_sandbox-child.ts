// The sandbox under test, in its own process (the load generator must not share its event loop).
// Talks to bench/smtp.ts over IPC: sends {ports}, answers "mem" with its resident size, exits on "stop".
import { Workspace } from '../src/workspace/workspace.js';
import { startSandbox } from '../src/sandbox/start.js';

const ws = Workspace.open(process.argv[2]);
const h = await startSandbox({ ws, ports: { smtp: 0, submission: 0, smtps: 0, outside: 0, dns: 0 } });
let peak = process.memoryUsage().rss;
setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50).unref();
process.on('message', async (m: string) => {
  if (m === 'mem') process.send!({ rss: process.memoryUsage().rss, peak });
  if (m === 'reset-peak') peak = process.memoryUsage().rss;
  if (m === 'stop') {
    await h.close();
    process.exit(0);
  }
});
process.send!({ ports: h.ports });
