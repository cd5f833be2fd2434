// The Code section through the real extension in Chromium: the fixture server serves a synthetic sdist
// (generated into a temp dir at test start, never committed) for luigi 3.6.0, through a PyPI JSON
// derived from the recorded one whose file entry names that sdist (url, sha256, size). A fresh browser
// per test, so no test sees another's cache.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, collectConsole, type LaunchedBrowser } from '../support/browser';
import { openSection, useFixtureServer } from '../support/e2e';
import type { Scenario } from '../support/fixture-server';
import { readRecorded } from '../support/fixtures';
import { HARMLESS_B64, syntheticSdist } from '../unit/utils/analysis/code-scan/synthetic-archives';

const FILE_PATH = (sha: string) => `/packages/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.slice(4)}/luigi-3.6.0.tar.gz`;
/** The published install-hook pattern, with markup in a comment so the test sees it rendered as text. */
const SETUP_PY = (marker: string) => `from setuptools import setup
from setuptools.command.install import install
import base64


class PostInstallCommand(install):
    def run(self):
        install.run(self)
        exec(base64.b64decode("${HARMLESS_B64}"))  # <img src=x onerror=alert(1)> ${marker}


setup(name="luigi", version="3.6.0", cmdclass={"install": PostInstallCommand})
`;

let dir: string;
const server = useFixtureServer({ scenario: 'luigi' });
let browser: LaunchedBrowser | null = null;

/** A scenario serving one synthetic sdist as luigi 3.6.0's only file; `claimedSize` is what PyPI JSON says. */
async function sdistScenario(
  marker: string,
  claimedSize?: number,
  setupPy = SETUP_PY(marker),
): Promise<{ scenario: Scenario; path: string; sha: string }> {
  const sdist = await syntheticSdist('luigi', '3.6.0', { 'setup.py': setupPy, 'PKG-INFO': 'Name: luigi\nVersion: 3.6.0\n' });
  const sha = createHash('sha256').update(sdist).digest('hex');
  const sdistFile = join(dir, `synthetic-luigi-${marker}.tar.gz`);
  writeFileSync(sdistFile, sdist);
  const json = readRecorded('pypi.org/json/luigi.json') as {
    urls: Record<string, unknown>[];
    releases: Record<string, Record<string, unknown>[]>;
  };
  const entry = {
    ...json.urls[0],
    digests: { sha256: sha },
    size: claimedSize ?? sdist.length,
    url: `https://files.pythonhosted.org${FILE_PATH(sha)}`,
  };
  const jsonFile = join(dir, `synthetic-luigi-${marker}.json`);
  writeFileSync(jsonFile, JSON.stringify({ ...json, urls: [entry], releases: { ...json.releases, '3.6.0': [entry] } }));
  const headers = { 'content-type': 'application/json' };
  return {
    sha,
    path: FILE_PATH(sha),
    scenario: {
      description:
        'luigi 3.6.0 whose only file is a synthetic sdist with an install hook running a base64-decoded stage (generated at test start).',
      extends: 'luigi',
      routes: [
        { host: 'pypi.org', path: '/pypi/luigi/json', file: jsonFile, headers },
        { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file: jsonFile, headers },
        { host: 'files.pythonhosted.org', path: FILE_PATH(sha), file: sdistFile },
      ],
    },
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'synthetic-code-e2e-'));
});
afterEach(async () => {
  await browser?.close();
  browser = null;
  server.clearFaults();
  server.clearLog();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const badge = (page: Page) => page.locator('.banner h1 [data-testid="trust-badge"]');
const codeSection = (page: Page) => page.locator('[data-section="code"]');
const filesRequests = () => server.log.filter((e) => e.host === 'files.pythonhosted.org');

async function openLuigi() {
  browser ??= await launchBrowser({ server });
  const page = await browser.newPage();
  const console = collectConsole(page);
  await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="trust-panel"]').waitFor({ timeout: 20_000 });
  return { page, console };
}

describe('Code section on a project page', () => {
  it('scans the sdist: install hook and decoded exec as danger, with line, text-only excerpt and inspector link', async () => {
    const { scenario, path } = await sdistScenario('a');
    server.useScenario(scenario);
    const { page, console } = await openLuigi();
    await page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });

    const decoded = page.locator('[data-fact="code-finding"][data-check="decoded-exec"]');
    expect(await decoded.getAttribute('data-level')).toBe('danger');
    expect(await decoded.locator('[data-fact="code-excerpt"]').textContent()).toBe(
      `exec(base64.b64decode("${HARMLESS_B64}"))  # <img src=x onerror=alert(1)> a`,
    );
    expect(await codeSection(page).locator('img').count()).toBe(0);
    expect(await decoded.locator('a').getAttribute('href')).toBe(
      `https://inspector.pypi.io/project/luigi/3.6.0${path}/luigi-3.6.0/setup.py#line.9`,
    );
    expect(await page.locator('[data-fact="code-finding"][data-check="install-hook"]').getAttribute('data-level')).toBe('danger');
    expect(await page.locator('[data-fact="code-finding"][data-check="sdist-only"]').getAttribute('data-level')).toBe('info');

    // The verdict follows once the scan is in: a danger that names its cause.
    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).toBe('danger');
    expect(await page.locator('[data-fact="verdict-headline"]').textContent()).toMatch(/^Danger: setup\.py replaces the install step/);
    expect(await page.locator('.tp-finding[data-rule="install-code"] a[href^="https://inspector.pypi.io/"]').count()).toBeGreaterThan(0);
    expect(filesRequests().map((e) => e.path)).toEqual([path]);
    expect(console.pageErrors).toEqual([]);
  });

  it("the scan runs off the background thread: in the offscreen document's worker, which is open while it scans", async () => {
    const { scenario } = await sdistScenario('w');
    server.useScenario(scenario);
    let release: () => void = () => undefined;
    server.setFault({ host: 'files.pythonhosted.org' }, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const { page } = await openLuigi();
    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).not.toBe('loading');
    const offscreenContexts = async () => {
      const sw = await browser!.serviceWorker();
      return sw.evaluate(async () => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { getContexts(f: object): Promise<{ documentUrl?: string }[]> } } })
          .chrome.runtime;
        return (await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).map((c) => new URL(c.documentUrl ?? '').pathname);
      });
    };
    release();
    await page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });
    // The report says which engine scanned the file, and the document that hosts the worker exists.
    expect(await page.locator('[data-fact="code-distribution"]').getAttribute('data-engine')).toBe('worker');
    expect(await offscreenContexts()).toEqual(['/offscreen.html']);
    expect(await page.locator('[data-fact="code-finding"][data-check="decoded-exec"]').getAttribute('data-level')).toBe('danger');
  });

  it('the badge does not wait for a slow download; a revisit reuses the cached scan (no file request)', async () => {
    const { scenario, path } = await sdistScenario('b');
    server.useScenario(scenario);
    // The archive is held until the verdict has shown (no race with a fixed delay on a slow machine).
    let release: () => void = () => undefined;
    server.setFault({ host: 'files.pythonhosted.org' }, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const { page } = await openLuigi();
    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).not.toBe('loading');
    // The verdict is shown while the archive is still on its way.
    expect(await codeSection(page).getAttribute('data-state')).toBe('loading');
    release();
    await page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).toBe('danger');
    await page.close();

    server.clearLog();
    const again = await openLuigi();
    await again.page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });
    expect(await again.page.locator('[data-fact="code-finding"][data-check="decoded-exec"]').count()).toBe(1);
    expect(filesRequests()).toEqual([]);
    expect(path).toMatch(/^\/packages\//);
  });

  it('a synthetic sdist whose setup.py is 256 KB of newlines (issue 16 §3): the badge first, then a complete scan', async () => {
    // This archive once held the worker for about 70 s, the badge with it; now the scan is linear and yields.
    const { scenario } = await sdistScenario('d', undefined, '\n'.repeat(256 * 1024));
    server.useScenario(scenario);
    let release: () => void = () => undefined;
    server.setFault({ host: 'files.pythonhosted.org' }, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const { page, console } = await openLuigi();
    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).not.toBe('loading');
    expect(await codeSection(page).getAttribute('data-state')).toBe('loading');
    release();
    await page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });
    const distribution = page.locator('[data-fact="code-distribution"]');
    expect(await distribution.getAttribute('data-state')).toBe('scanned');
    expect(await distribution.textContent()).toContain('read setup.py');
    expect(await page.locator('[data-fact="code-finding"][data-check="not-checked"]').count()).toBe(0);
    expect(console.pageErrors).toEqual([]);
  });

  it('files above 10 MB wait for "Inspect anyway": no download before the click, the findings after it', async () => {
    const { scenario, path } = await sdistScenario('c', 11 * 1024 * 1024);
    server.useScenario(scenario);
    const { page } = await openLuigi();
    const button = page.locator('[data-action="inspect-large"]');
    await page.locator('[data-section="code"]:not([data-state="loading"])').waitFor({ timeout: 30_000 });
    await openSection(page, 'code');
    await button.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-fact="code-status"]').textContent()).toContain('11 MB, more than the 10 MB checked without asking');
    expect(filesRequests()).toEqual([]);
    await button.click();
    await page.locator('[data-fact="code-finding"][data-check="decoded-exec"]').waitFor({ timeout: 30_000 });
    expect(filesRequests().map((e) => e.path)).toEqual([path]);
  });

  it('a 404 from the file host says "not found" in the Code section and leaves the rest of the report alone', async () => {
    server.useScenario('luigi');
    const { page } = await openLuigi();
    await page.locator('[data-section="code"][data-state="error"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-section="code"] [data-error-kind]').getAttribute('data-error-kind')).toBe('not-found');
    expect(await page.locator('[data-section="releases"]').getAttribute('data-state')).toBe('ok');
  });
});
