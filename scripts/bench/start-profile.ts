// `npm run bench -- --no-build --profile-start [luigi]`: where a sleeping worker's start goes (issue 20 §3), from
// Chrome traces (devtools.timeline and v8 categories, without the sampling profiler, whose start-up would add
// ≈ 100 ms) of --runs cold loads with the worker stopped. On the service-worker thread's clock (0 = its first
// event): Chromium's own start of the thread (isolate and context), the compile of background.js (with its V8 code
// cache: the cache's size says how much code there is to deserialise), its evaluation (v8.run), and from the
// worker-ready mark to the first upstream request (our handling of the first message: the settings and cache
// reads, the first tasks). A CPU profile of the worker's start from its first line cannot be taken over DevTools'
// auto-attach here (Chromium does not auto-attach a restarting extension worker to a second client); the per-module
// attribution is `--modules` (bytes) and a sampled trace (`--trace`). It prints, never asserts.
import { writeFileSync } from 'node:fs';
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer } from '../../test/support/fixture-server';
import { WORKER_READY_MARK } from '../../utils/contract/marks';

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, unknown> };

export type StartPhases = {
  /** Thread start → compile start: Chromium's isolate and context set-up, and the wait for the script. */
  beforeCompileMs: number;
  compileMs: number;
  codeCacheBytes: number | null;
  evaluateMs: number;
  readyMs: number;
  readyToFirstFetchMs: number;
  /** Garbage collection on the worker's thread before its first fetch. */
  gcMs: number;
};

/** The phases of one worker start in a trace; null when the trace holds no service-worker thread. */
export function startPhases(trace: { traceEvents: TraceEvent[] } | TraceEvent[], script: string): StartPhases | null {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && String(e.args?.name).includes('ServiceWorker'));
  if (!thread) return null;
  const own = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph !== 'M').sort((a, b) => a.ts - b.ts);
  const compile = own.find((e) => e.name === 'v8.compile' && String((e.args?.data as { url?: string })?.url ?? '').endsWith(script));
  const run = own.find((e) => e.name === 'v8.run' && compile && e.ts >= compile.ts);
  const ready = own.find((e) => e.name === WORKER_READY_MARK);
  const fetch = own.find((e) => e.name === 'ResourceSendRequest' && ready && e.ts >= ready.ts);
  if (!own[0] || !compile || !run || !ready || !fetch) return null;
  const t0 = own[0].ts;
  const gc = own.filter((e) => (e.name === 'MinorGC' || e.name === 'MajorGC') && e.ts < fetch.ts).reduce((s, e) => s + (e.dur ?? 0), 0);
  return {
    beforeCompileMs: (compile.ts - t0) / 1000,
    compileMs: (compile.dur ?? 0) / 1000,
    codeCacheBytes: ((compile.args?.data as { consumedCacheSize?: number })?.consumedCacheSize as number | undefined) ?? null,
    evaluateMs: (run.dur ?? 0) / 1000,
    readyMs: (ready.ts - t0) / 1000,
    readyToFirstFetchMs: (fetch.ts - ready.ts) / 1000,
    gcMs: gc / 1000,
  };
}

/** One cold load with the worker stopped, traced from before the worker starts; its start's phases. */
export async function traceWorkerStart(browser: LaunchedBrowser, server: FixtureServer, url: string, out?: string): Promise<StartPhases | null> {
  await browser.resetExtension();
  server.clearLog();
  const page = await browser.newPage();
  const host = browser.context.browser()!;
  try {
    await host.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading'] });
    const first = server.waitForRequest((e) => e.host !== 'pypi.org' || e.path.startsWith('/pypi/') || e.path.startsWith('/simple/'));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await first;
    await page.waitForTimeout(300);
    const text = (await host.stopTracing()).toString();
    if (out) writeFileSync(out, text);
    return startPhases(JSON.parse(text) as { traceEvents: TraceEvent[] }, 'background.js');
  } finally {
    await page.close();
  }
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Median, min and max of each phase over the runs. */
export function summariseStarts(runs: StartPhases[]) {
  const keys = ['beforeCompileMs', 'compileMs', 'evaluateMs', 'readyMs', 'readyToFirstFetchMs', 'gcMs'] as const;
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: r1(s[Math.floor(s.length / 2)] ?? NaN), min: r1(s[0] ?? NaN), max: r1(s.at(-1) ?? NaN) };
  };
  return {
    runs: runs.length,
    codeCacheBytes: runs[0]?.codeCacheBytes ?? null,
    ...Object.fromEntries(keys.map((k) => [k, stats(runs.map((r) => r[k]))])),
  };
}
