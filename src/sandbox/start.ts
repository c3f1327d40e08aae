// OWNER: sandbox SMTP work (issue 3). Starts every server of the sandbox for a workspace.
import type { SandboxHandle, SandboxOptions } from './types.js';

export async function startSandbox(_o: SandboxOptions): Promise<SandboxHandle> {
  throw new Error('the sandbox is not built yet');
}
