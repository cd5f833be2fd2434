// The panel on recorded pypi.org project and release pages, through the real extension in Chromium.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as z from 'zod/mini';
import { normaliseReleaseFacts, PypiJson } from '../../utils/sources/pypi-json';
import { CACHE_DB_NAME, collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';
import { readRecorded } from '../support/fixtures';

const { server, browser } = useExtension({ scenario: 'luigi' });

const recordedFacts = (file: string, version?: string, versionFile?: string) =>
  normaliseReleaseFacts(
    z.parse(PypiJson, readRecorded(`pypi.org/json/${file}`)),
    versionFile ? z.parse(PypiJson, readRecorded(`pypi.org/json/${versionFile}`)) : null,
    version,
  );

/** A fresh extension state for each test: empty storage and a restarted service worker (no memory). */
async function clearExtensionCache() {
  await browser.resetExtension();
}

async function open(scenario: string, url: string): Promise<Page> {
  server.useScenario(scenario);
  server.clearFaults();
  await clearExtensionCache();
  server.clearLog();
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid="trust-panel"]').waitFor({ timeout: 20_000 });
  await waitSettled(page);
  return page;
}

async function waitSettled(page: Page) {
  await expect
    .poll(() => page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level'), { timeout: 20_000 })
    .not.toBe('loading');
  // The badge is painted first; the panel follows a frame later (components/panel/project-view.tsx).
  await expect
    .poll(() => page.locator('[data-testid="trust-panel"] [data-section][data-state="loading"]').count(), { timeout: 20_000 })
    .toBe(0);
}

const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"]`).first();
const section = (page: Page, name: string) => page.locator(`[data-section="${name}"]`).first();

describe('Releases figures equal the recorded JSON', () => {
  const luigi = recordedFacts('luigi.json');
  it.each([
    ['luigi', 'current (2026) layout'],
    ['luigi-2024', '2024–2026 layout'],
  ])('luigi project page, scenario %s (%s)', async (scenario) => {
    const page = await open(scenario, 'https://pypi.org/project/luigi/');
    const consoleCapture = collectConsole(page);
    expect(await page.locator('.banner h1 [data-testid="trust-badge"]').count()).toBe(1);
    // Placed so the verdict is visible without scrolling in a 1366×768 window.
    const header = await page.locator('[data-testid="trust-panel"] header').first().boundingBox();
    expect(header).not.toBeNull();
    expect(header!.y + header!.height).toBeLessThan(768);
    expect(await fact(page, 'release-count').textContent()).toContain(String(luigi.releaseCount));
    expect(await fact(page, 'latest-version').textContent()).toContain('3.6.0');
    expect(await fact(page, 'first-upload').getAttribute('datetime')).toBe(luigi.firstUploadAt);
    expect(await fact(page, 'latest-upload').getAttribute('datetime')).toBe(luigi.latestUploadAt);
    expect(await fact(page, 'yanked-count').textContent()).toContain('0');
    expect(await fact(page, 'releases-behind').textContent()).toMatch(/latest release/i);
    expect(await page.locator('[data-testid="cadence-chart"]').count()).toBe(1);
    // luigi has no advisories (OSV and PyPI's own feed agree) and no danger finding.
    expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).not.toBe('danger');
    expect(await section(page, 'advisories').getAttribute('data-state')).toBe('ok');
    expect(consoleCapture.pageErrors).toEqual([]);
    await page.close();
  });

  it('the real 2023 saved page (tennis 0.1.2) gets the badge and the panel (octocheese JSON stands in)', async () => {
    const octocheese = recordedFacts('octocheese.json', '0.1.2');
    const page = await open('tennis-2023', 'https://pypi.org/project/tennis/0.1.2/');
    expect(await page.locator('.banner h1 [data-testid="trust-badge"]').count()).toBe(1);
    expect(await fact(page, 'release-count').textContent()).toContain(String(octocheese.releaseCount));
    expect(await fact(page, 'viewed-version').textContent()).toContain('0.1.2');
    await page.close();
  });
});

describe('verdicts on real releases', () => {
  it('aiohttp 3.12.15: the eight advisories PyPI lists, fixed in 3.13.3, give a warning verdict', async () => {
    const page = await open('aiohttp-3.12.15', 'https://pypi.org/project/aiohttp/3.12.15/');
    const level = await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level');
    expect(['caution', 'danger']).toContain(level);
    expect(await fact(page, 'advisory-count-viewed').textContent()).toContain('8');
    const ids = await page
      .locator('[data-group="viewed"] [data-advisory-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-advisory-id')));
    const recorded = (readRecorded('pypi.org/json/aiohttp-3.12.15.json') as { vulnerabilities: { id: string }[] }).vulnerabilities.map(
      (v) => v.id,
    );
    expect([...new Set(ids)].sort()).toEqual([...recorded].sort());
    expect(await page.locator('[data-rule="advisory-viewed"]').textContent()).toContain('3.13.3');
    await page.close();
  });

  it('black 21.11b0: a yanked release gets caution with the yank reason', async () => {
    const page = await open('black-21.11b0', 'https://pypi.org/project/black/21.11b0/');
    expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).toBe('caution');
    const yanked = page.locator('[data-rule="viewed-yanked"]');
    expect(await yanked.textContent()).toContain('Broken regex dependency. Use 21.11b1 instead.');
    expect(await fact(page, 'viewed-yanked').textContent()).toContain('Broken regex dependency');
    await page.close();
  });

  it('microsoft 0.0.1: no repository link → caution, and the section says so', async () => {
    const page = await open('no-repo-microsoft', 'https://pypi.org/project/microsoft/0.0.1/');
    expect(await page.locator('[data-rule="repository-missing"]').count()).toBe(1);
    expect(await section(page, 'repository').textContent()).toMatch(/No source repository linked/i);
    expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).toBe('caution');
    await page.close();
  });
});

describe('malicious code in other releases (issue 17)', () => {
  it("litellm's current release after MAL-2026-2144 (recorded; 1.82.7 and 1.82.8 only): a caution naming them, not danger", async () => {
    // Scenario compromised-litellm: luigi's recorded JSON stands in for litellm's long history (latest 3.6.0).
    const page = await open('compromised-litellm', 'https://pypi.org/project/litellm/');
    const consoleCapture = collectConsole(page);
    expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).not.toBe('danger');
    const finding = page.locator('[data-rule="malicious-package"]');
    expect(await finding.getAttribute('data-level')).toBe('caution');
    const title = (await finding.locator('.tp-finding__title strong').textContent()) ?? '';
    expect(title.startsWith('1.82.7, 1.82.8 were compromised, ')).toBe(true);
    expect(title.endsWith(' ago (MAL-2026-2144); 3.6.0 is not named')).toBe(true);
    const item = page.locator('[data-group="other-releases"] [data-advisory-id="MAL-2026-2144"]');
    expect(await item.locator('[data-malware-scope]').getAttribute('data-malware-scope')).toBe('compromised-release');
    expect(await fact(page, 'advisory-count-viewed').textContent()).toBe('0');
    const osv = new Set(server.log.filter((e) => e.host === 'api.osv.dev').map((e) => `${e.method} ${e.path}`));
    expect([...osv].sort()).toEqual(['GET /v1/vulns/MAL-2026-2144', 'POST /v1/query', 'POST /v1/querybatch']);
    expect(server.log.filter((e) => e.host === 'api.osv.dev' && !e.matched)).toEqual([]);
    expect(consoleCapture.pageErrors).toEqual([]);
    await page.close();
  });
});

describe('PyPI failures never break the page', () => {
  it('PyPI answers 404: "not found on PyPI", the verdict is unknown', async () => {
    const page = await open('pypi-404', 'https://pypi.org/project/luigi/');
    expect(await section(page, 'releases').getAttribute('data-state')).toBe('error');
    expect(await section(page, 'releases').textContent()).toMatch(/not found on PyPI/i);
    expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).toBe('unknown');
    expect(await page.locator('.banner h1').textContent()).toContain('luigi');
    await page.close();
  });

  it('PyPI answers 500: the section shows a retry hint', async () => {
    const page = await open('pypi-500', 'https://pypi.org/project/luigi/');
    expect(await section(page, 'releases').locator('[data-error-kind]').first().getAttribute('data-error-kind')).toBe('upstream');
    expect(await section(page, 'releases').textContent()).toMatch(/try again/i);
    await page.close();
  });
});

describe('network layer', () => {
  it('GitHub rate-limited: the Repository section shows the reset time while the others render', async () => {
    server.useScenario('luigi');
    const reset = Math.floor(Date.now() / 1000) + 3600;
    await clearExtensionCache();
    server.setFault(
      { host: 'api.github.com', pathPrefix: '/repos/' },
      {
        status: 403,
        body: JSON.stringify({ message: 'API rate limit exceeded' }),
        headers: {
          'content-type': 'application/json',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-limit': '60',
          'x-ratelimit-reset': String(reset),
        },
      },
    );
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await waitSettled(page);
    const githubError = fact(page, 'github-error');
    expect(await githubError.textContent()).toMatch(/rate limit/i);
    expect(await githubError.textContent()).toMatch(/\d{2}:\d{2}/);
    expect(await section(page, 'releases').getAttribute('data-state')).toBe('ok');
    expect(await section(page, 'advisories').getAttribute('data-state')).toBe('ok');
    server.clearFaults();
    await page.close();
  });

  it('an attested project: repository, releases and advisories are shown while Integrity (a second round-trip) is still out', async () => {
    server.useScenario('requests');
    await clearExtensionCache();
    // The Simple index lists provenance for the viewed version's files: their Integrity answers come later.
    // Held until the test has seen the early sections (no race with a fixed delay on a slow machine).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.setFault({ host: 'pypi.org', pathPrefix: '/integrity/' }, { holdUntil: held });
    try {
      const page = await browser.newPage();
      await page.goto('https://pypi.org/project/requests/', { waitUntil: 'domcontentloaded' });
      for (const name of ['repository', 'releases', 'advisories']) {
        await expect.poll(() => section(page, name).getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
      }
      expect(await section(page, 'provenance').getAttribute('data-state')).toBe('loading');
      expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).toBe('loading');
      release();
      // Then the whole report: provenance final, the verdict in the badge, the verification no longer "checking".
      await waitSettled(page);
      expect(await section(page, 'provenance').getAttribute('data-state')).not.toBe('loading');
      expect(await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')).not.toBe('loading');
      expect(await page.locator('[data-fact="verification"]').first().getAttribute('data-status')).not.toBe('checking');
      expect(
        server.log.some((e) => e.path.startsWith('/integrity/requests/')),
        'Integrity was asked (logged once answered)',
      ).toBe(true);
      await page.close();
    } finally {
      server.clearFaults();
    }
  });

  it('a second visit within the TTL makes zero upstream requests', async () => {
    const first = await open('luigi', 'https://pypi.org/project/luigi/');
    await first.close();
    const cold = server.countByHost();
    expect(cold['pypi.org']).toBeGreaterThan(0);
    server.clearLog();
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await waitSettled(page);
    const warm = server.countByHost();
    // The page itself is the only request: every upstream answer came from the cache.
    expect(warm).toEqual({ 'pypi.org': 1 });
    expect(server.log.filter((e) => !e.asset).map((e) => e.path)).toEqual(['/project/luigi/']);
    await page.close();
  });

  it('the cache is in IndexedDB: it survives a worker restart, and extension storage holds none of it', async () => {
    const first = await open('luigi', 'https://pypi.org/project/luigi/');
    await first.close();
    // Queued cache writes land ~150 ms after the last answer; then the worker is stopped (its memory gone).
    await new Promise((resolve) => setTimeout(resolve, 600));
    await browser.stopServiceWorker();
    const stored = await browser.newPage();
    await stored.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
    const where = await stored.evaluate(async (dbName) => {
      const local = await (
        globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }
      ).chrome.storage.local.get(null);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = db.transaction('entries', 'readonly').objectStore('entries').getAllKeys();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return { localCacheKeys: Object.keys(local).filter((k) => k.startsWith('cache:')), idbKeys: keys.map(String) };
    }, CACHE_DB_NAME);
    await stored.close();
    expect(where.localCacheKeys).toEqual([]);
    expect(where.idbKeys).toContain('GET https://pypi.org/pypi/luigi/json');
    server.clearLog();
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await waitSettled(page);
    expect(server.log.filter((e) => !e.asset).map((e) => e.path)).toEqual(['/project/luigi/']);
    await page.close();
  });
});
