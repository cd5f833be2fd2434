// The service worker's JS heap after 50 distinct project pages. 50 distinct names need 50 answers:
// this bench-only scenario (an object, not a file) serves the recorded luigi page for every
// /project/<name>/ and round-robins the recorded project JSON bodies, declared as stand-ins.
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer, Scenario } from '../../test/support/fixture-server';
import { single, type Figure } from './figures';
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
