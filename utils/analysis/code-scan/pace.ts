// Chunked work for the scan: it yields to the event loop every so often, so a long scan never holds the
// service worker's other messages, and stops at a time budget. The clock is handed in (analysis has none).

/**
 * A macrotask, so queued messages and timers run between chunks: a MessageChannel message, queued behind
 * what is already waiting. Not setTimeout(0): chained from a timer it is clamped to 4 ms after five
 * levels (HTML's timer nesting rule), which made a scan of many small chunks mostly idle. Not
 * scheduler.yield(): its continuation is meant to run before other queued tasks, the opposite of the point.
 */
const nextTask = (): Promise<void> => {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
};

export type PaceOptions = {
  /** Milliseconds since any origin; without it there is no time budget, only the yielding. */
  now?: () => number;
  /** Work (lines, entries) after which the scan stops; the rest is "not checked: time budget". */
  budgetMs?: number;
  /** Units of work (a logical line, an archive entry, 1 KB inflated) between two yields. */
  unitsPerChunk?: number;
  pause?: () => Promise<void>;
};

/** Six seconds: a 10 MB sdist scans in well under one; past this the archive is built to stall us. */
export const SCAN_BUDGET_MS = 6_000;
const UNITS_PER_CHUNK = 2_000;

export class Pacer {
  private units = 0;
  private readonly started: number;
  constructor(private readonly options: PaceOptions = {}) {
    this.started = options.now?.() ?? 0;
  }

  /** Counts `units` of work done; awaits the next macrotask once a chunk's worth has been done. */
  async step(units = 1): Promise<void> {
    if (this.due(units)) await this.pause();
  }

  /** Counts `units` of work; true when a chunk is done and the caller should `await pause()` (no promise per unit in hot loops). */
  due(units = 1): boolean {
    this.units += units;
    if (this.units < (this.options.unitsPerChunk ?? UNITS_PER_CHUNK)) return false;
    this.units = 0;
    return true;
  }

  pause(): Promise<void> {
    return (this.options.pause ?? nextTask)();
  }

  get expired(): boolean {
    const { now, budgetMs = SCAN_BUDGET_MS } = this.options;
    return now !== undefined && now() - this.started > budgetMs;
  }
}

/**
 * Paced work is a generator that yields the units it has done (about a line each) and returns its
 * result: `drain` runs it to the end at once (tests, small inputs), `runPaced` pauses at each chunk.
 */
export type Steps<T> = Generator<number, T>;

export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** A line this long is weighed by its length (every check reads all of it), not counted as one unit. */
const HEAVY_LINE_CHARS = 4096;

/**
 * The units a line of `chars` characters weighs beyond its own one: none for an ordinary line, its length / 64
 * for a long one, so a loop that yields these before it reaches a 2 MB line lets the caller pause there.
 */
export function lineWeight(chars: number): number {
  return chars < HEAVY_LINE_CHARS ? 0 : Math.floor(chars / 64);
}

/** What runPaced returns when the time budget ran out before the work did. */
export const BUDGET_SPENT = Symbol('budget spent');

export async function runPaced<T>(steps: Steps<T>, pacer: Pacer): Promise<T | typeof BUDGET_SPENT> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (pacer.due(next.value)) {
      if (pacer.expired) return BUDGET_SPENT;
      await pacer.pause();
    }
  }
}
