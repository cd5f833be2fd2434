// One page load through the real extension, measured: the probe's marks on the page clock, the
// requests the fixture server saw, and (cold) the worker's view of each upstream round-trip.
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer, LogEntry } from '../../test/support/fixture-server';
import { installProbe, readProbe, waitForProbe, type ProbeMarks, type ProbeResult } from './page-probe';
import { resetExtension, upstreamTimings, type UpstreamTiming } from './worker';

export type Cache = 'cold' | 'warm';
export type LoadOptions = {
  url: string;
  cache: Cache;
  /** Stop the worker first (as after 30 s idle): it must start again to answer. */
  workerAsleep: boolean;
  done: (m: ProbeMarks) => boolean;
  /** Keep observing layout shifts this long after `done`. */
  settleMs?: number;
  /** Default: the harness's 1366×768. */
  viewport?: { width: number; height: number };
};

export type Load = {
  probe: ProbeResult;
  /** Requests other than the page itself and its assets: what the extension asked for. */
  requests: LogEntry[];
  upstream: UpstreamTiming[];
  /** Epoch ms when the worker that answered started (its timeOrigin). */
  workerOrigin: number;
};

const isDocument = (e: LogEntry, url: string) => {
  const u = new URL(url);
  return e.host === u.host && e.path === u.pathname;
};

export async function measureLoad(browser: LaunchedBrowser, server: FixtureServer, options: LoadOptions): Promise<Load> {
  if (options.cache === 'cold') await resetExtension(browser, { stopWorker: options.workerAsleep });
  else if (options.workerAsleep) await browser.stopServiceWorker();
  else await (await browser.serviceWorker()).evaluate(() => performance.clearResourceTimings());
  server.clearLog();
  const page = await browser.newPage();
  try {
    if (options.viewport) await page.setViewportSize(options.viewport);
    await installProbe(page);
    await page.goto(options.url, { waitUntil: 'domcontentloaded' });
    await waitForProbe(page, options.done);
    await page.waitForTimeout(options.settleMs ?? 500);
    const probe = await readProbe(page);
    const requests = server.log.filter((e) => !e.asset && !isDocument(e, options.url));
    const { upstream, workerOrigin } = await upstreamTimings(browser);
    return { probe, requests, upstream, workerOrigin };
  } finally {
    await page.close();
  }
}

export function countByHost(requests: LogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of requests) counts[e.host] = (counts[e.host] ?? 0) + 1;
  return counts;
}

/** The slowest single upstream round-trip of a load, as the worker saw it (NaN when there was none). */
export function slowestRoundTrip(load: Load): number {
  return load.upstream.length ? Math.max(...load.upstream.map((u) => u.roundTrip)) : NaN;
}

/** A compact waterfall of one load, for results.json: on the page's clock (ms after navigation start). */
export function waterfall(load: Load): { what: string; start: number; end: number; roundTrip?: number }[] {
  const t0 = load.probe.timeOrigin;
  const p = load.probe;
  const marks = [
    { what: 'page: response end', start: p.responseEnd },
    { what: 'worker: started (timeOrigin)', start: load.workerOrigin - t0 },
    { what: 'page: DOMContentLoaded', start: p.domContentLoaded },
    { what: 'page: first UI host in the DOM', start: p.firstHost },
    { what: 'page: badge final (DOM)', start: p.badgeDom },
    ...Object.entries(p.sections).map(([name, t]) => ({ what: `page: section ${name} final`, start: t })),
    { what: 'page: panel complete (painted)', start: p.panelPaint },
  ].filter((m): m is { what: string; start: number } => typeof m.start === 'number' && Number.isFinite(m.start))
    .map((m) => ({ what: m.what, start: Math.round(m.start), end: Math.round(m.start) }));
  const requests = load.upstream.map((u) => ({
    what: u.url, start: Math.round(u.start - t0), end: Math.round(u.end - t0), roundTrip: Math.round(u.roundTrip),
  }));
  return [...marks, ...requests].sort((a, b) => a.start - b.start);
}
