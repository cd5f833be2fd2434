// The service worker's JS heap after 50 distinct project pages. 50 distinct names need 50 answers:
// this bench-only scenario (an object, not a file) serves the recorded luigi page for every
// /project/<name>/ and round-robins the recorded project JSON bodies, declared as stand-ins.
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer, Scenario } from '../../test/support/fixture-server';
import { single, type Figure } from './figures';
import { IDB_MAX_CACHE_BYTES } from '../../utils/sources/http';
import { installProbe, waitForProbe } from './page-probe';
import { resetExtension, workerHeap } from './worker';

export const MEMORY_PAGES = 50;
/** Chosen to span sizes: 93 KB, 1.3 MB (94 releases), 1.2 MB (105 releases), 34 KB, 22 KB. */
const BODIES = ['luigi.json', 'coverage.json', 'numpy-1.20.3.json', 'apeye.json', 'octocheese.json'];

export const memoryNames = (count = MEMORY_PAGES) =>
  Array.from({ length: count }, (_, i) => `bench-pkg-${String(i + 1).padStart(2, '0')}`);

export function memoryScenario(names = memoryNames()): Scenario {
  const json = names.map((name, i) => ({ name, body: `pypi.org/json/${BODIES[i % BODIES.length]}` }));
  return {
    description: `Bench only: ${names.length} distinct project pages for the memory figure; every answer is a stand-in.`,
    extends: 'base',
    standIns: [
      { route: 'pypi.org GET /project/*', recorded: 'pypi.org/html/reconstructed-project-luigi.html', why: 'Bench only: the luigi page stands in for every bench-pkg-NN page (the content script reads the name from the URL).' },
      ...json.map(({ name, body }) => ({
        route: `pypi.org GET /pypi/${name}/json`, recorded: body,
        why: `Bench only: no such package exists; the recorded ${body} answers for ${name} (round-robin over recorded project bodies).`,
      })),
      { route: 'pypi.org GET /simple/*', recorded: 'pypi.org/json/errors/404-FizzBuzz-json.html', why: 'Bench only: the recorded PyPI 404 answers every Simple request (no provenance).' },
      { route: 'api.github.com GET /repos/*', recorded: 'api.github.com/repos/PyGithub-PyGithub.json', why: 'Bench only: PyGithub/PyGithub\'s recorded answer stands in for every repository.' },
      { route: 'api.osv.dev POST /v1/query', project: 'assembled-osv-query-empty.json', why: 'Bench only: OSV\'s empty answer {} for every query.' },
    ],
    routes: [
      { host: 'pypi.org', pathPrefix: '/project/', recorded: 'pypi.org/html/reconstructed-project-luigi.html', contentType: 'text/html; charset=utf-8' },
      ...json.map(({ name, body }) => ({ host: 'pypi.org', path: `/pypi/${name}/json`, recorded: body, headers: { 'content-type': 'application/json' } })),
      { host: 'pypi.org', pathPrefix: '/simple/', recorded: 'pypi.org/json/errors/404-FizzBuzz-json.html', headersFromMeta: true },
      { host: 'api.github.com', pathPrefix: '/repos/', recorded: 'api.github.com/repos/PyGithub-PyGithub.json', headersFromMeta: true },
      { host: 'api.osv.dev', method: 'POST', path: '/v1/query', project: 'assembled-osv-query-empty.json', headers: { 'content-type': 'application/json' } },
    ],
  };
}

const MB = 1024 * 1024;

export async function benchMemory(browser: LaunchedBrowser, server: FixtureServer): Promise<{ figures: Figure[]; raw: Record<string, unknown> }> {
  const names = memoryNames();
  server.useScenario(memoryScenario(names));
  server.setLatency(0);
  await resetExtension(browser, { stopWorker: true });
  const fresh = await workerHeap(browser);
  const heaps: number[] = [];
  const started = Date.now();
  for (const [i, name] of names.entries()) {
    const page = await browser.newPage();
    try {
      await installProbe(page);
      await page.goto(`https://pypi.org/project/${name}/`, { waitUntil: 'domcontentloaded' });
      await waitForProbe(page, (m) => m.panelPaint !== null);
    } finally {
      await page.close();
    }
    if (i === 0 || i === 9 || i === names.length - 1) heaps.push((await workerHeap(browser)).used);
  }
  const after = heaps.at(-1)!;
  const unmatched = server.unmatched().length;
  const figures = [
    single('memory', 'worker JS heap, fresh (after GC)', 'MB', fresh.used / MB),
    single('memory', 'worker JS heap after 1 page (after GC)', 'MB', heaps[0]! / MB),
    single('memory', `worker JS heap after ${names.length} distinct pages (after GC)`, 'MB', after / MB, undefined,
      `usedJSHeapSize via DevTools Runtime.getHeapUsage after HeapProfiler.collectGarbage; ${names.length} pages in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s, latency 0` + (unmatched ? `; ${unmatched} request(s) unanswered` : '')),
    single('memory', `heap growth, page 10 → page ${names.length}`, 'MB', (after - heaps[1]!) / MB, undefined,
      'what each further distinct page leaves behind: near 0 when nothing is retained per package'),
  ];
  return { figures, raw: { freshBytes: fresh.used, afterPage1: heaps[0], afterPage10: heaps[1], afterAll: after } };
}

/** Issue 20 §4: a heavy user's working set. */
export const WORKING_SET_PAGES = 500;
export const WORKING_SET_REVISITS = 100;

/** The bytes the response cache holds in IndexedDB (its size records), read from one of the extension's pages. */
async function cachedBytes(browser: LaunchedBrowser): Promise<{ entries: number; bytes: number; localKeys: number }> {
  const page = await browser.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
    return await page.evaluate(async () => {
      const local = await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }).chrome.storage.local.get(null);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('pypi-trust-panel-cache');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const sizes = await new Promise<{ bytes: number }[]>((resolve, reject) => {
        const request = db.transaction('sizes', 'readonly').objectStore('sizes').getAll();
        request.onsuccess = () => resolve(request.result as { bytes: number }[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return {
        entries: sizes.length,
        bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
        localKeys: Object.keys(local).filter((k) => k.startsWith('cache:')).length,
      };
    });
  } finally {
    await page.close();
  }
}

/**
 * Visit 500 distinct projects (recorded bodies served under 500 names, as the memory figure does; latency 0, for
 * speed), then revisit 100 of them at the bench's latency (as the project-page rows are measured): each revisit should
 * ask nothing upstream and paint the badge in the page's first frame after DOMContentLoaded. The same revisits with
 * the page served at once are shown too. Prints bytes per project, total stored and the worker's heap after 500 pages.
 */
export async function benchWorkingSet(browser: LaunchedBrowser, server: FixtureServer, latencyMs: number): Promise<{ figures: Figure[]; raw: Record<string, unknown> }> {
  const names = Array.from({ length: WORKING_SET_PAGES }, (_, i) => `bench-set-${String(i + 1).padStart(3, '0')}`);
  server.useScenario(memoryScenario(names));
  server.setLatency(0);
  await resetExtension(browser, { stopWorker: true });
  const started = Date.now();
  const page = await browser.newPage();
  await installProbe(page);
  try {
    for (const name of names) {
      await page.goto(`https://pypi.org/project/${name}/`, { waitUntil: 'domcontentloaded' });
      await waitForProbe(page, (m) => m.panelPaint !== null);
    }
  } finally {
    await page.close();
  }
  const visitSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 800)); // queued cache writes land
  const heap = await workerHeap(browser);
  const stored = await cachedBytes(browser);

  const revisit = names.filter((_, i) => i % (WORKING_SET_PAGES / WORKING_SET_REVISITS) === 0);
  // As a user meets them (every upstream, pypi.org's page too, at the bench's latency), then with the page served
  // at once: there the page's first frame comes before a warm report can (shown, not a goal).
  const atLatency = await revisitAll(browser, server, revisit, latencyMs);
  const atZero = await revisitAll(browser, server, revisit, 0);
  const { withRequests, inFirstFrame, laterBy, requestsSeen } = atLatency;
  const later = (ms: number[]) => ms.sort((a, b) => a - b).map((v) => v.toFixed(0)).join(', ');
  const figures = [
    single('working set', `revisits (of ${revisit.length}) that asked anything upstream`, 'count', withRequests, { op: '==', target: 0 },
      withRequests ? `e.g. ${[...new Set(requestsSeen)].slice(0, 3).join(', ')}` : `after ${names.length} distinct pages in ${visitSeconds.toFixed(0)} s, latency 0`),
    single('working set', `revisits (of ${revisit.length}) whose badge painted in the first frame after DOMContentLoaded`, 'count', inFirstFrame,
      { op: '==', target: revisit.length },
      `${latencyMs} ms per request (the page too); frame time of the badge's frame = that of the page's first frame after DOMContentLoaded${laterBy.length ? `; the others later by ${later(laterBy)} ms` : ''}`),
    single('working set', `the same with the page served at once (latency 0): badge in the first frame`, 'count', atZero.inFirstFrame, undefined,
      atZero.laterBy.length ? `the others later by ${later(atZero.laterBy)} ms (the page's own first frame comes ≈ 100 ms after DOMContentLoaded)` : undefined),
    single('working set', 'cache bytes per project', 'bytes', Math.round(stored.bytes / names.length), undefined,
      `IndexedDB size records (storedBytes: JSON UTF-8), ${stored.entries} entries; ${stored.localKeys} left in storage.local`),
    single('working set', `cache total after ${names.length} projects`, 'MB', stored.bytes / MB, undefined, `bound ${IDB_MAX_CACHE_BYTES / MB} MB (IDB_MAX_CACHE_BYTES)`),
    single('working set', `worker JS heap after ${names.length} pages (after GC)`, 'MB', heap.used / MB),
  ];
  return { figures, raw: { visitSeconds, heap, stored, atLatency, atZero: { inFirstFrame: atZero.inFirstFrame, laterBy: atZero.laterBy } } };
}

/** Each name's page in a new tab, warm: whether anything was asked upstream, and whether the badge was in the page's first frame. */
async function revisitAll(browser: LaunchedBrowser, server: FixtureServer, revisit: string[], latencyMs: number) {
  server.setLatency(latencyMs);
  let withRequests = 0;
  let inFirstFrame = 0;
  const laterBy: number[] = [];
  const requestsSeen: string[] = [];
  for (const name of revisit) {
    server.clearLog();
    const tab = await browser.newPage();
    try {
      await installProbe(tab);
      await tab.goto(`https://pypi.org/project/${name}/`, { waitUntil: 'domcontentloaded' });
      const marks = await waitForProbe(tab, (m) => m.badgePaintFrameTime !== null && m.firstFrameAfterDclTime !== null);
      // The same frame: requestAnimationFrame gives every callback of one frame the same frame time.
      if (marks.badgePaintFrameTime! <= marks.firstFrameAfterDclTime!) inFirstFrame += 1;
      else laterBy.push(marks.badgePaintFrameTime! - marks.firstFrameAfterDclTime!);
    } finally {
      await tab.close();
    }
    const upstream = server.log.filter((e) => !e.asset && !(e.host === 'pypi.org' && e.path.startsWith('/project/')));
    if (upstream.length > 0) {
      withRequests += 1;
      requestsSeen.push(...upstream.map((e) => `${e.host}${e.path}`).slice(0, 2));
    }
  }
  return { withRequests, inFirstFrame, laterBy, requestsSeen };
}
