// `npm run bench -- --profile`: where the time of one project-page load goes. CPU profiles (sampling,
// 100 µs) of the extension's service worker and of the page's renderer (the content script runs there,
// in its isolated world), taken through DevTools during one measured load, then the functions with the
// most self time and a timeline of busy time in 10 ms buckets on the page's clock. For finding the
// cause of a figure that falls short; it prints, never asserts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer } from '../../test/support/fixture-server';
import { installProbe, readProbe, waitForProbe } from './page-probe';
import { resetExtension, upstreamTimings } from './worker';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileCase = { cache: 'cold' | 'warm'; workerAsleep: boolean };

type Summary = {
  top: { fn: string; selfMs: number }[];
  /** Per 10 ms bucket: JS time, native time outside JS ("(program)": parsing, style, layout, IPC), and the busiest function. */
  busy: { at: number; ms: number; native: number; fn: string }[];
  totalBusyMs: number;
};

/** Self time per function and busy time per 10 ms bucket (µs clock of the profile → page clock via `toPage`). */
function summarise(profile: CpuProfile, toPage: (us: number) => number, windowMs: [number, number]): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const buckets = new Map<number, number>();
  const bucketFns = new Map<number, Map<string, number>>();
  const native = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const next = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!)!;
    const name = node.callFrame.functionName;
    const at = toPage(t);
    if (at < windowMs[0] || at > windowMs[1]) continue;
    const ms = next / 1000;
    const bucket = Math.floor(at / 10) * 10;
    if (name === '(program)') native.set(bucket, (native.get(bucket) ?? 0) + ms);
    if (name === '(idle)' || name === '(program)' || name === '(root)') continue;
    const file = node.callFrame.url.split('/').pop() ?? '';
    const key = `${name || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}:${node.callFrame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const fns = bucketFns.get(bucket) ?? new Map<string, number>();
    fns.set(key, (fns.get(key) ?? 0) + ms);
    bucketFns.set(bucket, fns);
    total += ms;
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, selfMs]) => ({ fn, selfMs: round(selfMs) }));
  const allBuckets = [...new Set([...buckets.keys(), ...native.keys()])].sort((a, b) => a - b);
  const busy = allBuckets
    .map((at) => ({
      at,
      ms: round(buckets.get(at) ?? 0),
      native: round(native.get(at) ?? 0),
      fn: [...(bucketFns.get(at) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
    }))
    .filter((b) => b.ms >= 0.5 || b.native >= 0.5);
  return { top, busy, totalBusyMs: round(total) };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A flattened DevTools session on the browser (over its DevTools port: Playwright's own browser sessions
 * cannot auto-attach) that attaches to the extension's service worker and pauses a starting worker until
 * its profiler runs: a worker that must start is profiled from its first line.
 */
async function workerProfiler(browser: LaunchedBrowser): Promise<{ stop(): Promise<CpuProfile | null>; close(): Promise<void> }> {
  const { default: WebSocket } = await import('ws');
  const [port, path] = readFileSync(join(browser.userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
  const prefix = `chrome-extension://${browser.extensionId}/`;
  let nextId = 1;
  const pending = new Map<number, (value: Record<string, unknown>) => void>();
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  let workerSession: string | null = null;
  let attached!: () => void;
  const ready = new Promise<void>((r) => (attached = r));
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: unknown; sessionId?: string };
    if (message.id !== undefined) return pending.get(message.id)?.(message.result ?? { error: message.error });
    if (process.env.PROFILE_DEBUG && message.method) console.error('cdp event', message.method, JSON.stringify(message.params).slice(0, 200));
    if (message.method !== 'Target.attachedToTarget') return;
    const { sessionId, targetInfo, waitingForDebugger } = message.params as { sessionId: string; targetInfo: { type: string; url: string }; waitingForDebugger: boolean };
    if (targetInfo.type !== 'service_worker' || !targetInfo.url.startsWith(prefix) || workerSession) {
      if (waitingForDebugger) void send('Runtime.runIfWaitingForDebugger', {}, sessionId);
      return;
    }
    workerSession = sessionId;
    void (async () => {
      await send('Profiler.enable', {}, sessionId);
      await send('Profiler.setSamplingInterval', { interval: 100 }, sessionId);
      await send('Profiler.start', {}, sessionId);
      if (waitingForDebugger) await send('Runtime.runIfWaitingForDebugger', {}, sessionId);
      attached();
    })();
  });
  await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  return {
    async stop() {
      await Promise.race([ready, new Promise((r) => setTimeout(r, 2000))]);
      if (!workerSession) return null;
      const result = await send('Profiler.stop', {}, workerSession);
      return (result.profile as CpuProfile | undefined) ?? null;
    },
    async close() {
      await send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: true }).catch(() => undefined);
      socket.close();
    },
  };
}

export async function profileProjectLoad(browser: LaunchedBrowser, server: FixtureServer, url: string, c: ProfileCase): Promise<unknown> {
  if (c.cache === 'warm') {
    // Fill the cache first (as the bench's warm runs do).
    const page = await browser.newPage();
    await page.goto(url);
    await waitForProbe(page, () => true).catch(() => undefined);
    await page.waitForTimeout(1500);
    await page.close();
  } else {
    await resetExtension(browser, { stopWorker: c.workerAsleep });
  }
  if (c.cache === 'warm' && c.workerAsleep) await browser.stopServiceWorker();
  if (!c.workerAsleep) await (await browser.serviceWorker()).evaluate(() => performance.clearResourceTimings());
  const worker = await workerProfiler(browser);
  server.clearLog();
  const page = await browser.newPage();
  const pageCdp = await browser.context.newCDPSession(page);
  await pageCdp.send('Profiler.enable');
  await pageCdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await pageCdp.send('Profiler.start');
  try {
    await installProbe(page);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitForProbe(page, (m) => m.badgePaint !== null && m.panelPaint !== null);
    await page.waitForTimeout(300);
    const probe = await readProbe(page);
    const pageProfile = (await pageCdp.send('Profiler.stop')).profile as unknown as CpuProfile;
    const workerProfile = await worker.stop();
    const { upstream, workerOrigin } = await upstreamTimings(browser);
    // Profiles are on the monotonic clock in µs; map it to the page's clock (0 = navigation start) through
    // the page's performance.now() read right after its profile stopped (off by that round-trip, ~1 ms).
    const pageNowAtStop = await page.evaluate(() => performance.now());
    const pageToPage = (us: number) => pageNowAtStop - (pageProfile.endTime - us) / 1000;
    const window: [number, number] = [0, (probe.panelPaint ?? 0) + 50];
    const t0 = probe.timeOrigin;
    const out: Record<string, unknown> = {
      case: c,
      marks: {
        responseEnd: round(probe.responseEnd), domContentLoaded: round(probe.domContentLoaded), firstHost: probe.firstHost && round(probe.firstHost),
        badgeDom: probe.badgeDom && round(probe.badgeDom), badgePaint: probe.badgePaint && round(probe.badgePaint),
        sections: probe.sections, panelPaint: probe.panelPaint && round(probe.panelPaint), workerOrigin: round(workerOrigin - t0),
      },
      upstream: upstream.map((u) => ({ url: u.url.replace(/^https:\/\//, '').slice(0, 90), start: round(u.start - t0), end: round(u.end - t0), rt: round(u.roundTrip) })),
      page: summarise(pageProfile, pageToPage, window),
    };
    // Both profiles are on the browser's monotonic clock (µs), so one mapping serves both.
    if (workerProfile) out.worker = summarise(workerProfile, pageToPage, window);
    return out;
  } finally {
    await worker.close();
    await page.close();
  }
}
