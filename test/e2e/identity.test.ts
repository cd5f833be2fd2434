// Identity checks through the built extension in Chromium: the typosquat finding (0requests → requests,
// against the recorded top-pypi-packages list served as hugovk.github.io), starjacking's "could not
// confirm", ownership drift remembered across visits, and the banner on the 404 page of a project PyPI
// removed as malware (the recorded MAL-2026-15859 record from OSV).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';

/** The extension API inside the service worker (evaluate runs there, not in Node). */
type Ext = { chrome: typeof import('wxt/browser').browser };

const { server, browser } = useExtension({
  scenario: 'typosquat-0requests',
  // IDENTITY_E2E_EXTENSION: test a build in another folder while others rebuild .output/chrome-mv3.
  launch: { extensionPath: process.env.IDENTITY_E2E_EXTENSION },
});

const TOP_LIST_PATH = '/top-pypi-packages/top-pypi-packages.min.json';

async function openPanel(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const panel = page.locator('[data-testid="trust-panel"]');
  await panel.waitFor({ timeout: 20_000 });
  await expect.poll(() => panel.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
  return panel;
}

const hrefs = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));

describe('typosquat', () => {
  it('0requests: "Did you mean requests?" with evidence, though PyPI answers 404 for the project', async () => {
    server.useScenario('typosquat-0requests');
    server.clearLog();
    const page = await browser.newPage();
    const console = collectConsole(page);
    const panel = await openPanel(page, 'https://pypi.org/project/0requests/');

    const finding = panel.locator('[data-rule="typosquat"]');
    await finding.waitFor();
    expect(await finding.getAttribute('data-level')).toBe('caution');
    expect(await finding.locator('.tp-finding__title').textContent()).toMatch(
      /Did you mean `requests`\? \(at least [\d,]+× more downloads\)/,
    );
    expect(await finding.locator('.tp-finding__detail').textContent()).toContain('the #7 most downloaded package');
    const evidence = await hrefs(page, '[data-rule="typosquat"] .tp-evidence a:not(.tp-why)');
    expect(evidence).toContain('https://pypi.org/project/requests/');
    expect(evidence).toContain('https://hugovk.github.io/top-pypi-packages/');

    const fact = panel.locator('[data-section="identity"] [data-fact="typosquat"]');
    expect(await fact.getAttribute('data-state')).toBe('resembles');
    expect(await panel.locator('[data-section="identity"] [data-fact="top-list"]').getAttribute('data-state')).not.toBe('missing');
    expect(await panel.locator('[data-fact="verdict-word"]').textContent()).toContain('Caution');

    expect(server.log.filter((e) => e.host === 'hugovk.github.io').map((e) => `${e.status} ${e.path}`)).toEqual([`200 ${TOP_LIST_PATH}`]);
    expect(console.pageErrors).toEqual([]);
    await page.close();
  });

  it('keeps the list in the background: a second visit asks hugovk.github.io nothing', async () => {
    server.clearLog();
    const page = await browser.newPage();
    const panel = await openPanel(page, 'https://pypi.org/project/0requests/');
    await panel.locator('[data-rule="typosquat"]').waitFor();
    expect(server.log.filter((e) => e.host === 'hugovk.github.io')).toEqual([]);
    await page.close();
  });

  it("shows the same finding and identity facts in the popup for that tab, with the panel's evidence", async () => {
    const site = await browser.newPage();
    await openPanel(site, 'https://pypi.org/project/0requests/');
    const sw = await browser.serviceWorker();
    const tabId = await sw.evaluate(
      async () => (await (globalThis as unknown as Ext).chrome.tabs.query({ url: 'https://pypi.org/project/0requests/*' }))[0]?.id,
    );
    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
    const current = popup.getByTestId('current-tab');
    await expect.poll(() => current.getAttribute('data-kind'), { timeout: 20_000 }).toBe('report');
    expect(await current.locator('[data-rule="typosquat"]').getAttribute('data-level')).toBe('caution');
    expect(await hrefs(popup, '[data-testid="current-tab"] [data-rule="typosquat"] .tp-evidence a:not(.tp-why)')).toContain(
      'https://pypi.org/project/requests/',
    );
    expect(await current.locator('[data-section="identity"] [data-fact="typosquat"]').getAttribute('data-state')).toBe('resembles');
    await popup.close();
    await site.close();
  });
});

describe('starjacking and ownership on a real project page', () => {
  it('luigi: listed among the most downloaded; its repository build files give "could not confirm", never an accusation', async () => {
    server.useScenario('luigi');
    // Earlier tests may have cached luigi's answers (the popup looks it up): start from an empty extension state.
    await browser.resetExtension();
    server.clearLog();
    const page = await browser.newPage();
    const panel = await openPanel(page, 'https://pypi.org/project/luigi/');
    const identity = panel.locator('[data-section="identity"]');
    expect(await identity.getAttribute('data-state')).toBe('ok');
    expect(await identity.locator('[data-fact="typosquat"]').getAttribute('data-state')).toBe('listed');
    const starjacking = identity.locator('[data-fact="starjacking"]');
    expect(await starjacking.getAttribute('data-state')).toBe('unconfirmed');
    expect(await starjacking.textContent()).toContain('No pyproject.toml, setup.cfg or setup.py at the repository root');
    expect(await panel.locator('[data-rule="starjacking"]').count()).toBe(0);
    expect(
      server.log
        .filter((e) => e.host === 'raw.githubusercontent.com')
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/spotify/luigi/HEAD/pyproject.toml', '/spotify/luigi/HEAD/setup.cfg', '/spotify/luigi/HEAD/setup.py']);
    expect(
      server.log.some((e) => e.host === 'api.deps.dev' && e.path === '/v3/projects/github.com%2Fspotify%2Fluigi:packageversions'),
    ).toBe(true);
    await page.close();
  });

  it('aiohttp 3.12.15: remembers the recorded owners, then flags a maintainer added before the release', async () => {
    server.useScenario('aiohttp-3.12.15');
    const url = 'https://pypi.org/project/aiohttp/3.12.15/';
    const page = await browser.newPage();
    let panel = await openPanel(page, url);
    const drift = () => panel.locator('[data-section="identity"] [data-fact="ownership-drift"]');
    expect(await drift().getAttribute('data-state')).toBe('first-visit');
    expect(await drift().textContent()).toContain('organization aio-libs');

    // Synthetic earlier visit: the recorded owners without bdraco, seen nine days before 3.12.15 was uploaded.
    const sw = await browser.serviceWorker();
    await sw.evaluate(async () => {
      const { chrome } = globalThis as unknown as Ext;
      const stored = (await chrome.storage.local.get('ownership-memory'))['ownership-memory'] as Record<
        string,
        { roles: { user: string }[] }
      >;
      const aiohttp = stored.aiohttp!;
      stored.aiohttp = { ...aiohttp, roles: aiohttp.roles.filter((r) => r.user !== 'bdraco'), seenAt: '2025-07-20T10:00:00.000Z' } as never;
      await chrome.storage.local.set({ 'ownership-memory': stored });
    });
    // The worker keeps the memory it read (it is its only writer): the edited one is read by its next start, as
    // after a browser restart.
    await browser.stopServiceWorker();

    panel = await openPanel(page, url);
    expect(await drift().getAttribute('data-state')).toBe('changed');
    expect(await drift().textContent()).toContain('added bdraco (Maintainer)');
    const finding = panel.locator('[data-rule="ownership-drift"]');
    expect(await finding.getAttribute('data-level')).toBe('caution');
    expect(await finding.locator('.tp-finding__title').textContent()).toContain('New owner, then release 3.12.15 within days');
    expect(await hrefs(page, '[data-rule="ownership-drift"] .tp-evidence a:not(.tp-why)')).toEqual([
      'https://pypi.org/pypi/aiohttp/json',
      'https://pypi.org/project/aiohttp/3.12.15/',
      'https://pypi.org/project/aiohttp/',
    ]);
    await page.close();
  });
});

describe('removed malicious package', () => {
  it("shows OSV's MAL- record on pypi.org's 404 page for /project/0requests/", async () => {
    server.useScenario('removed-0requests');
    server.clearLog();
    const page = await browser.newPage();
    const console = collectConsole(page);
    await page.goto('https://pypi.org/project/0requests/', { waitUntil: 'domcontentloaded' });
    const banner = page.locator('[data-testid="removed-banner"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.locator('[data-fact="removed-headline"]').textContent()).toBe(
      'This package was removed from PyPI; OSV records it as malicious (MAL-2026-15859)',
    );
    expect(await banner.locator('[data-fact="removed-record"]').textContent()).toContain('Malicious code in 0requests (PyPI)');
    expect(await hrefs(page, '[data-testid="removed-banner"] a')).toContain('https://osv.dev/vulnerability/MAL-2026-15859');
    expect(await banner.locator('[data-fact="removed-did-you-mean"] a').getAttribute('href')).toBe('https://pypi.org/project/requests/');
    // Above the 404 page's own content, and only one OSV question was asked (by name: no version exists).
    const first = await page.evaluate(() => document.body.firstElementChild?.tagName.toLowerCase());
    expect(first).toBe('pypi-trust-removed');
    const osv = server.log.filter((e) => e.host === 'api.osv.dev');
    expect(osv.map((e) => JSON.parse(e.body ?? '{}'))).toEqual([{ package: { name: '0requests', ecosystem: 'PyPI' } }]);
    expect(await page.locator('[data-testid="trust-panel"]').count()).toBe(0);
    expect(console.pageErrors).toEqual([]);
    await page.close();
  });

  it('injects nothing on the 404 page of a name OSV knows nothing about', async () => {
    server.clearLog();
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/fizzbuzz/', { waitUntil: 'domcontentloaded' });
    await server.waitForRequest((e) => e.host === 'api.osv.dev', 20_000);
    // Give the content script time to (not) render after the answer.
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="removed-banner"]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('pypi-trust-removed').length)).toBe(0);
    await page.close();
  });
});
