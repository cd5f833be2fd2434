// A sleeping worker's start (issue 20 §3), against the floor: the same two figures for the built extension and
// for an empty MV3 extension the bench writes to a temp folder (a content script at document_start that sends
// one message, a worker that answers it with one fetch). Both read the same User Timing marks:
//  - the worker's "ready" mark: from the worker's timeOrigin to its script evaluated and its listener in
//    (fetching, compiling and evaluating background.js, plus Chromium's own start of the worker before it);
//  - the page's "prefetch sent" mark → the first upstream request the worker makes (its Resource Timing):
//    Chromium starting the worker, our evaluation, and our handling of the message up to the first fetch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer } from '../../test/support/fixture-server';
import { PREFETCH_SENT_MARK, WORKER_READY_MARK } from '../../utils/contract/marks';
import { timing, type Figure } from './figures';
import { upstreamTimings } from './worker';

/** What the issue leaves for our own start on top of the browser's: the rest of the 1.5× goal's half round-trip. */
export const START_OVER_FLOOR_GOAL_MS = 25;

type StartSample = { readyMs: number; prefetchToFirstRequestMs: number };

/** An MV3 extension that does only what the first message needs: one message, one fetch. Returns its folder. */
export function writeEmptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pypi-trust-empty-ext-'));
  const manifest = {
    manifest_version: 3,
    name: 'Empty extension (bench floor)',
    version: '0.0.1',
    host_permissions: ['https://pypi.org/*'],
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['https://pypi.org/project/*'], run_at: 'document_start', js: ['content.js'] }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'content.js'),
    `const name = location.pathname.split('/')[2];
performance.mark(${JSON.stringify(PREFETCH_SENT_MARK)});
chrome.runtime.sendMessage({ type: 'prefetch', name }).catch(() => undefined);
`,
  );
  writeFileSync(
    join(dir, 'background.js'),
    `chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  fetch('https://pypi.org/pypi/' + encodeURIComponent(message.name) + '/json').then((r) => r.text()).catch(() => undefined);
  reply({ started: true });
});
performance.mark(${JSON.stringify(WORKER_READY_MARK)});
`,
  );
  return dir;
}

/** One load of `url` with the worker stopped first; both marks and the first upstream request. */
async function startSample(browser: LaunchedBrowser, server: FixtureServer, url: string, reset: () => Promise<void>): Promise<StartSample> {
  await reset();
  server.clearLog();
  const page = await browser.newPage();
  try {
    const first = server.waitForRequest((e) => e.host !== 'pypi.org' || e.path.startsWith('/pypi/') || e.path.startsWith('/simple/'));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await first;
    await page.waitForTimeout(300);
    const pageMark = await page.evaluate((mark) => {
      const entry = performance.getEntriesByName(mark)[0];
      return entry ? performance.timeOrigin + entry.startTime : null;
    }, PREFETCH_SENT_MARK);
    const sw = await browser.serviceWorker();
    const ready = await sw.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? null, WORKER_READY_MARK);
    const { upstream } = await upstreamTimings(browser);
    if (process.env.BENCH_WAKE_MARKS) {
      const marks = await sw.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]));
      const origin = await sw.evaluate(() => performance.timeOrigin);
      console.log(JSON.stringify({ marks, pageMark: pageMark && Math.round(pageMark - origin), firstFetch: upstream.map((u) => [u.url.slice(8, 60), Math.round(u.start - origin)]).slice(0, 4) }));
    }
    const firstStart = upstream.length ? Math.min(...upstream.map((u) => u.start)) : NaN;
    return { readyMs: ready ?? NaN, prefetchToFirstRequestMs: pageMark === null ? NaN : firstStart - pageMark };
  } finally {
    await page.close();
  }
}

export async function benchWorkerStart(
  browser: LaunchedBrowser,
  server: FixtureServer,
  opts: { runs: number; scenario: string; url: string },
): Promise<{ figures: Figure[]; raw: Record<string, unknown> }> {
  const group = 'worker start (asleep)';
  server.useScenario(opts.scenario);
  const ours: StartSample[] = [];
  for (let i = 0; i < opts.runs; i++) ours.push(await startSample(browser, server, opts.url, () => browser.resetExtension()));

  const emptyDir = writeEmptyExtension();
  const floor: StartSample[] = [];
  const empty = await launchBrowser({ server, extensionPath: emptyDir });
  try {
    // One load first: Chromium's own first-run costs are not the floor.
    await startSample(empty, server, opts.url, () => empty.stopServiceWorker());
    for (let i = 0; i < opts.runs; i++) floor.push(await startSample(empty, server, opts.url, () => empty.stopServiceWorker()));
  } finally {
    await empty.close();
    rmSync(emptyDir, { recursive: true, force: true });
  }

  const med = (xs: number[]) => [...xs].filter(Number.isFinite).sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const floorReady = med(floor.map((s) => s.readyMs));
  const floorFirst = med(floor.map((s) => s.prefetchToFirstRequestMs));
  const figures: Figure[] = [
    timing(group, 'empty extension: worker timeOrigin → script evaluated (the floor)', 'ms', floor.map((s) => s.readyMs), undefined,
      'a minimal MV3 extension written by the bench: one listener, one fetch; Chromium\'s own cost of starting a worker'),
    timing(group, `${opts.scenario}: worker timeOrigin → background evaluated`, 'ms', ours.map((s) => s.readyMs),
      { op: '<=', target: floorReady + START_OVER_FLOOR_GOAL_MS },
      `goal: the floor + ${START_OVER_FLOOR_GOAL_MS} ms; fetch, compile and evaluation of background.js (mark ${WORKER_READY_MARK})`),
    timing(group, 'empty extension: prefetch sent → first upstream request (the floor)', 'ms', floor.map((s) => s.prefetchToFirstRequestMs), undefined,
      'page mark at document_start → the worker\'s first fetch (its Resource Timing)'),
    timing(group, `${opts.scenario}: prefetch sent → first upstream request`, 'ms', ours.map((s) => s.prefetchToFirstRequestMs),
      { op: '<=', target: floorFirst + START_OVER_FLOOR_GOAL_MS }, `goal: the floor + ${START_OVER_FLOOR_GOAL_MS} ms`),
  ];
  return { figures, raw: { ours, floor } };
}
