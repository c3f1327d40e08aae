import { statSync } from 'node:fs';

/** A file's modification time and size, to tell when it changed; undefined when it cannot be read. */
export function fileStamp(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return undefined;
  }
}
