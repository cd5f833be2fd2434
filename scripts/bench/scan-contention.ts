// Issue 16 §3 in the browser: a project page's badge does not wait while a pathological archive is
// scanned. Tab A opens luigi, whose only file is a synthetic sdist built here (never committed) with the
// largest build files the scanner reads: a 2 MB setup.py of 340,000 lines and three 2 MB .pth files
// of import lines, about a second or more of scanning, up to the scan's time budget. The download is
// held until A's badge is final; it is released as tab B navigates to requests, so the scan runs while
// B's report is built. B's badge is measured the same way with and without the scan.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer, Scenario } from '../../test/support/fixture-server';
import { projectRoot, readRecorded } from '../../test/support/fixtures';
import { syntheticSdist } from '../../test/unit/utils/analysis/code-scan/synthetic-archives';
import { median, single, timing, type Figure } from './figures';
import { measureLoad, type Load } from './page-runs';
import { resetExtension } from './worker';

/** "Does not change": B's badge with the scan running stays within this factor of its quiet median. */
export const CONTENTION_RATIO_GOAL = 1.2;
const B_URL = 'https://pypi.org/project/requests/';
const A_URL = 'https://pypi.org/project/luigi/';
const FILE_PATH = (sha: string) => `/packages/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.slice(4)}/luigi-3.6.0.tar.gz`;

async function hostileScenario(dir: string): Promise<Scenario> {
  const pth = 'import os\n'.repeat(200_000);
  const sdist = await syntheticSdist('luigi', '3.6.0', {
    'setup.py': `${'x = 1\n'.repeat(340_000)}from setuptools import setup\nsetup(name="luigi")\n`,
    'a.pth': pth,
    'b.pth': pth,
    'c.pth': pth,
    'PKG-INFO': 'Name: luigi\nVersion: 3.6.0\n',
  });
  const sha = createHash('sha256').update(sdist).digest('hex');
  const sdistFile = join(dir, 'synthetic-luigi-hostile.tar.gz');
  writeFileSync(sdistFile, sdist);
  const json = readRecorded('pypi.org/json/luigi.json') as { urls: Record<string, unknown>[]; releases: Record<string, unknown[]> };
  const entry = { ...json.urls[0], digests: { sha256: sha }, size: sdist.length, url: `https://files.pythonhosted.org${FILE_PATH(sha)}` };
  const jsonFile = join(dir, 'synthetic-luigi-hostile.json');
  writeFileSync(jsonFile, JSON.stringify({ ...json, urls: [entry], releases: { ...json.releases, '3.6.0': [entry] } }));
  const headers = { 'content-type': 'application/json' };
  // luigi's own routes (the scenario file) after the synthetic ones: own routes win, the rest is luigi's.
  const luigi = JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/scenarios/luigi.json'), 'utf8')) as Scenario;
  return {
    description: 'Bench only: requests, plus luigi 3.6.0 whose only file is a synthetic sdist with 2 MB build files (generated here).',
    extends: 'requests',
    routes: [
      { host: 'pypi.org', path: '/pypi/luigi/json', file: jsonFile, headers },
      { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file: jsonFile, headers },
      { host: 'files.pythonhosted.org', path: FILE_PATH(sha), file: sdistFile },
      ...(luigi.routes ?? []),
    ],
  };
}

const badgeDone = (m: { badgePaint: number | null }) => m.badgePaint !== null;
const afterDcl = (l: Load) => (l.probe.badgePaint ?? NaN) - l.probe.domContentLoaded;

export async function benchScanContention(
  browser: LaunchedBrowser,
  server: FixtureServer,
  opts: { runs: number },
): Promise<{ figures: Figure[]; raw: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scan-contention-'));
  const group = 'badge while an archive scans';
  try {
    server.useScenario(await hostileScenario(dir));
    const quiet: Load[] = [];
    for (let i = 0; i < opts.runs; i++) quiet.push(await measureLoad(browser, server, { url: B_URL, cache: 'cold', workerAsleep: false, done: badgeDone }));

    const busy: Load[] = [];
    const overlapped: boolean[] = [];
    const scanMs: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      await resetExtension(browser, { stopWorker: false });
      let release: () => void = () => undefined;
      server.setFault({ host: 'files.pythonhosted.org' }, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
      const a = await browser.newPage();
      try {
        await a.goto(A_URL, { waitUntil: 'domcontentloaded' });
        await a.locator('.banner h1 [data-testid="trust-badge"]:not([data-level="loading"])').waitFor({ timeout: 30_000 });
        const released = Date.now();
        release();
        const scanDone = a
          .locator('[data-section="code"]:not([data-state="loading"])')
          .waitFor({ timeout: 60_000 })
          .then(() => Date.now());
        // Not cold: that would reset the worker and stop A's scan. Storage was cleared above, so B's facts are not cached.
        const load = await measureLoad(browser, server, { url: B_URL, cache: 'warm', workerAsleep: false, done: badgeDone, settleMs: 0 });
        busy.push(load);
        const doneAt = await scanDone;
        // Both on the epoch clock: B's badge paint (its page's timeOrigin + mark) before A's Code section is final.
        overlapped.push(load.probe.timeOrigin + (load.probe.badgePaint ?? Infinity) < doneAt);
        scanMs.push(doneAt - released);
      } finally {
        server.clearFaults();
        await a.close();
      }
    }
    const quietMedian = median(quiet.map(afterDcl));
    const figures: Figure[] = [
      timing(group, 'requests, cold, worker awake: badge painted after DOMContentLoaded, nothing scanning', 'ms', quiet.map(afterDcl)),
      timing(group, 'the same while luigi\'s hostile sdist scans in another tab', 'ms', busy.map(afterDcl), undefined,
        'tab A: a 2 MB setup.py of 340,000 lines and three 2 MB .pth files, its download released as tab B navigates'),
      timing(group, 'badge with the scan / badge without', 'ratio', busy.map((l) => afterDcl(l) / quietMedian),
        { op: '<=', target: CONTENTION_RATIO_GOAL }, 'each run over the quiet median: 1.0 = the scan costs the badge nothing'),
      single(group, 'runs where the scan was still running when the badge was painted', 'count', overlapped.filter(Boolean).length,
        { op: '==', target: opts.runs }, 'a run where the scan ended first would measure nothing'),
      timing(group, 'the scan in the browser: download released → Code section final', 'ms', scanMs),
    ];
    return {
      figures,
      raw: { quiet: quiet.map((l) => l.probe), busy: busy.map((l) => l.probe), overlapped, scanMs },
    };
  } finally {
    server.clearFaults();
    rmSync(dir, { recursive: true, force: true });
  }
}
