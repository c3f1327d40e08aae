/**
 * Gives memory back when the sandbox falls idle. Under load V8 grows its young generation
 * (to 32 MB here) and keeps it: with no allocation afterwards no collection runs to shrink
 * it, so a sandbox that served a burst of clients stayed ~45 MB bigger for good.
 * V8 shrinks it in a full collection when it sees allocation low over its 5 s window,
 * so once the last client of a burst has gone (and once after start): one collection
 * (the garbage of the burst goes, and V8's window starts), a second 5 s later (the young
 * generation shrinks). A few milliseconds each, only while nobody is connected.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** how long the listeners stay without clients before the first collection */
const IDLE_MS = 500;
/** past V8's window of allocation throughput (kThroughputTimeFrameMs, 5 s) */
const SECOND_MS = 5_200;
/** connections since the last collection that make one worth it */
const MIN_CONNECTIONS = 50;

let gcFn: (() => void) | null | undefined;

/** V8's gc(), which node hides unless started with --expose-gc: a context made after the flag has it. */
function fullGc(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

export class IdleGc {
  /** `collect` and the delays: tests pass their own */
  constructor(
    private readonly collect: () => void = fullGc,
    private readonly idleMs = IDLE_MS,
    private readonly secondMs = SECOND_MS,
  ) {}

  private open = 0;
  private since = 0;
  private timer: NodeJS.Timeout | undefined;

  /** after start-up: the young generation grew while the modules loaded */
  started(): void {
    this.since = MIN_CONNECTIONS;
    this.arm();
  }

  connected(): void {
    this.open++;
    this.since++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  disconnected(): void {
    this.open = Math.max(0, this.open - 1);
    if (!this.open && this.since >= MIN_CONNECTIONS) this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.collect();
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.since = 0;
        this.collect();
      }, this.secondMs);
      this.timer.unref();
    }, this.idleMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
