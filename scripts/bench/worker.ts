// The extension's service worker as the bench sees it: reset its state, read the Resource Timing of
// the upstream requests it made, and read its JS heap through the browser's DevTools protocol.
import type { LaunchedBrowser } from '../../test/support/browser';
import { UPSTREAM_HOSTS } from '../../utils/contract/hosts';

type Chrome = { storage: { local: { clear(): Promise<void> } } };

/** Empty the storage cache; `stopWorker` also drops everything the worker holds in memory. */
export async function resetExtension(browser: LaunchedBrowser, { stopWorker }: { stopWorker: boolean }): Promise<void> {
  if (stopWorker) return browser.resetExtension();
  // Awake: keep the worker (and its memory), but let its queued cache writes land before storage is emptied.
  const worker = await browser.serviceWorker();
  await new Promise((r) => setTimeout(r, 400));
  await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.clear());
  // The response cache is in IndexedDB: emptied through the extension's own clearCache message (from one of its
  // pages), which also drops the worker's index and queued writes.
  const page = await browser.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
    await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'clearCache' }));
  } finally {
    await page.close();
  }
  await worker.evaluate(() => performance.clearResourceTimings());
}

export type UpstreamTiming = {
  url: string;
  /** Epoch ms (the worker's timeOrigin + its clock), comparable with the page's. */
  start: number;
  end: number;
  /** Request sent → last byte, plus connection setup when this request opened the connection. */
  roundTrip: number;
  queued: number;
};

/**
 * The worker's own view of each upstream fetch (Resource Timing in the service worker). A request's
 * round-trip is what the network and the server cost: requestStart → responseEnd, plus the TCP/TLS
 * handshake if it opened a new connection. Time spent queued (per-host limits, stalls) is not the
 * network's: it is the extension's, and it counts against the ratio, not in its denominator.
 */
export async function upstreamTimings(browser: LaunchedBrowser): Promise<{ workerOrigin: number; upstream: UpstreamTiming[] }> {
  const worker = await browser.serviceWorker();
  const { origin, entries } = await worker.evaluate(() => ({
    origin: performance.timeOrigin,
    entries: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
      url: e.name, startTime: e.startTime, fetchStart: e.fetchStart, connectStart: e.connectStart,
      connectEnd: e.connectEnd, requestStart: e.requestStart, responseEnd: e.responseEnd,
    })),
  }));
  const hosts = new Set<string>(UPSTREAM_HOSTS);
  const upstream = entries
    .filter((e) => hosts.has(new URL(e.url).host))
    .map((e) => {
      const handshake = e.connectEnd > e.connectStart ? e.connectEnd - e.connectStart : 0;
      const roundTrip = e.requestStart > 0 ? e.responseEnd - e.requestStart + handshake : e.responseEnd - e.startTime;
      return {
        url: e.url,
        start: origin + e.startTime,
        end: origin + e.responseEnd,
        roundTrip,
        queued: Math.max(0, e.responseEnd - e.startTime - roundTrip),
      };
    });
  return { workerOrigin: origin, upstream };
}

export type WorkerCall = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * A DevTools session on the extension's service worker. Playwright's Worker has none, so this attaches
 * to the worker target from a browser-level session (non-flattened: messages relayed through
 * Target.sendMessageToTarget).
 */
export async function withWorkerDevtools<T>(browser: LaunchedBrowser, run: (call: WorkerCall) => Promise<T>): Promise<T> {
  await browser.serviceWorker();
  const host = browser.context.browser();
  if (!host) throw new Error('no Browser object for the persistent context');
  const cdp = await host.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
    if (!target) throw new Error('extension service worker target not found');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let nextId = 1;
    const pending = new Map<number, (value: Record<string, unknown>) => void>();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: unknown };
      if (message.id !== undefined) pending.get(message.id)?.(message.result ?? { error: message.error });
    });
    const call: WorkerCall = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 30_000);
        pending.set(id, (v) => { clearTimeout(timer); resolve(v); });
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
    try {
      return await run(call);
    } finally {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** usedJSHeapSize of the extension's service worker after a forced GC, in bytes. */
export async function workerHeap(browser: LaunchedBrowser): Promise<{ used: number; total: number }> {
  return withWorkerDevtools(browser, async (call) => {
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    if (typeof usage.usedSize !== 'number') throw new Error(`Runtime.getHeapUsage: ${JSON.stringify(usage)}`);
    return { used: usage.usedSize, total: Number(usage.totalSize) };
  });
}
