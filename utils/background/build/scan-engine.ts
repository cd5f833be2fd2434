// Where scanDistribution runs. Two engines, and why both exist:
// - `workerEngine`: in a dedicated Worker (Chrome: inside an offscreen document, since an MV3 service worker
//   cannot construct a Worker; Firefox: the background page's own Worker), so the scan never shares the
//   background's only thread with the messages a page's badge waits for. The archive's buffer is transferred.
// - `inThreadEngine`: the paced scan (pace.ts runPaced) on the background's thread. Unit tests run it, and the
//   worker engine falls back to it when no worker can start (a failed createDocument, no Worker at all).
// A worker that stops answering (crashed, or past its time budget by HANG_MARGIN_MS) is stopped, and its
// scans come back "Not checked: the scan did not finish", never clean.
import type { CodeFinding } from '../../contract/report';
import type { DistributionMeta, DistributionScan } from '../../analysis/code-scan';
import { inspectorFileUrl } from '../../analysis/code-scan/inspector-url';
import type { ScanPort, ScanReply, ScanRequestMessage } from './scan-protocol';

export type ScanEngine = { scan(bytes: Uint8Array, meta: DistributionMeta, budgetMs: number): Promise<DistributionScan> };

/** A started worker and how to stop it (Firefox: terminate the Worker; Chrome: close the offscreen document, and its worker with it). */
export type ScanHost = { port: ScanPort; stop(): void | Promise<void> };

/** setTimeout/clearTimeout, handed in so tests drive the clock (no timed assertions). */
export type Timers = { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };

/** Past its own time budget (pace.ts), a scan's answer is late by a chunk at most: this much later it is hung. */
export const HANG_MARGIN_MS = 4_000;
/** A worker (and Chrome's one offscreen document) idle this long is closed; the next scan starts another. */
export const IDLE_CLOSE_MS = 30_000;
/** A worker that has not said `ready` by then is not coming: the scan runs in-thread instead. */
export const READY_TIMEOUT_MS = 5_000;

export const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The scanner (and fflate's inflate tables) is evaluated on the first in-thread scan, not at every start of the
 * worker: in the extension the scans run in the scan worker, and this engine is only its fallback.
 */
export function inThreadEngine(now: () => number): ScanEngine {
  return {
    scan: async (bytes, meta, budgetMs) => {
      const { scanDistribution } = await import('../../analysis/code-scan');
      return withEngine(await scanDistribution(bytes, meta, { now, budgetMs }), 'in-thread');
    },
  };
}

export type WorkerEngineOptions = {
  /** Starts a worker and returns its port; rejects (or returns null) when none can start. */
  open: () => Promise<ScanHost | null>;
  /** For the in-thread fallback's time budget. */
  now: () => number;
  timers?: Timers;
  marginMs?: number;
  idleMs?: number;
  readyMs?: number;
};

type Pending = { resolve: (scan: DistributionScan) => void; reject: (error: Error) => void; timer: unknown; meta: DistributionMeta };
type Live = { host: ScanHost; pending: Map<number, Pending>; idle: unknown; retired: boolean };

export function workerEngine(options: WorkerEngineOptions): ScanEngine {
  const timers = options.timers ?? realTimers;
  const fallback = inThreadEngine(options.now);
  let current: Promise<Live | null> | null = null;
  let currentLive: Live | null = null;
  /** The last host's stop: Chrome allows one offscreen document, so the next starts after it closed. */
  let stopped: Promise<void> = Promise.resolve();
  let nextId = 1;

  const retire = (live: Live) => {
    if (live.retired) return;
    live.retired = true;
    if (currentLive === live) {
      current = null;
      currentLive = null;
    }
    if (live.idle !== null) timers.clear(live.idle);
    stopped = Promise.resolve()
      .then(() => live.host.stop())
      .catch(() => undefined);
  };

  const receive = (live: Live, reply: ScanReply) => {
    if (reply?.type !== 'scanned' && reply?.type !== 'failed') return;
    const pending = live.pending.get(reply.id);
    if (!pending) return;
    live.pending.delete(reply.id);
    timers.clear(pending.timer);
    if (reply.type === 'scanned') pending.resolve(withEngine(reply.scan, 'worker'));
    else pending.reject(new Error(reply.message));
    if (live.pending.size === 0 && !live.retired) live.idle = timers.set(() => retire(live), options.idleMs ?? IDLE_CLOSE_MS);
  };

  /** Hung or crashed: every scan it held did not finish; the worker is stopped and the next scan starts a fresh one. */
  const hung = (live: Live) => {
    for (const pending of live.pending.values()) {
      timers.clear(pending.timer);
      pending.resolve(didNotFinish(pending.meta));
    }
    live.pending.clear();
    retire(live);
  };

  const start = async (): Promise<Live | null> => {
    await stopped;
    const host = await options.open();
    if (!host) return null;
    const live: Live = { host, pending: new Map(), idle: null, retired: false };
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = timers.set(() => reject(new Error('the scan worker did not start')), options.readyMs ?? READY_TIMEOUT_MS);
        host.port.onmessage = ({ data }) => {
          if ((data as ScanReply)?.type !== 'ready') return;
          timers.clear(timer);
          resolve();
        };
      });
    } catch (error) {
      retire(live);
      throw error;
    }
    host.port.onmessage = ({ data }) => receive(live, data as ScanReply);
    currentLive = live;
    return live;
  };

  const acquire = (): Promise<Live | null> => {
    const starting = start().catch((error: unknown) => {
      console.warn('[PyPI Trust Panel] the scan worker could not start; scanning in the background instead', error);
      return null;
    });
    current = starting;
    // A failed start is not kept: the next scan tries again (a worker may start later).
    void starting.then((live) => {
      if (!live && current === starting) current = null;
    });
    return starting;
  };

  return {
    async scan(bytes, meta, budgetMs) {
      const live = await (current ?? acquire());
      if (!live || live.retired) return fallback.scan(bytes, meta, budgetMs);
      if (live.idle !== null) timers.clear(live.idle);
      live.idle = null;
      const id = nextId++;
      // Transferred, not copied: a view of part of a buffer is copied out first (the rest of the buffer is not ours to move).
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const buffer = (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
      return new Promise<DistributionScan>((resolve, reject) => {
        const timer = timers.set(() => hung(live), budgetMs + (options.marginMs ?? HANG_MARGIN_MS));
        live.pending.set(id, { resolve, reject, timer, meta });
        const message: ScanRequestMessage = { type: 'scan', id, bytes: buffer, meta, budgetMs };
        try {
          live.host.port.postMessage(message, [buffer]);
        } catch {
          // Not sent (the buffer could not be moved): nothing was transferred, so the bytes are still ours.
          timers.clear(timer);
          live.pending.delete(id);
          resolve(fallback.scan(bytes, meta, budgetMs));
        }
      });
    },
  };
}

function withEngine(scan: DistributionScan, engine: 'worker' | 'in-thread'): DistributionScan {
  return { ...scan, distribution: { ...scan.distribution, engine } };
}

/** What a hung or crashed worker's scan is: read as far as anyone knows, nothing — a caution, never clean. */
export function didNotFinish(meta: DistributionMeta): DistributionScan {
  const inspectorUrl = inspectorFileUrl(meta);
  const finding: CodeFinding = {
    check: 'not-checked',
    level: 'caution',
    filename: meta.filename,
    path: null,
    line: null,
    excerpt: null,
    detail: `Not checked: the scan did not finish (its worker stopped answering, or ran far past its time budget, and was stopped). What ${meta.filename} runs when installed or imported is unknown.`,
    url: inspectorUrl,
    runs: 'install',
  };
  return {
    distribution: {
      filename: meta.filename,
      packageType: meta.packageType,
      size: meta.size,
      sha256: meta.sha256,
      state: 'scanned',
      error: null,
      entryCount: 0,
      checkedPaths: [],
      checkedCount: 0,
      inspectorUrl,
      engine: 'worker',
    },
    findings: [finding],
    complete: false,
  };
}
