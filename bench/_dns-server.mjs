// Child process for bench/dns.mjs: serves a workspace's zones and prints its port.
import { Workspace } from '../src/workspace/workspace.ts';
import { startDns } from '../src/sandbox/dns/server.ts';

const [root, queryLog] = process.argv.slice(2);
const dns = await startDns({ ws: Workspace.open(root), host: '127.0.0.1', port: 0, queryLog: queryLog !== 'off' });
process.stdout.write(`${dns.port}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await dns.close();
  process.exit(0);
});
