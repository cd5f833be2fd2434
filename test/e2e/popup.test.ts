// The toolbar popup (popup.html opened in a tab) through the real background, against the popup
// scenario: lookups, the current tab's verdict, the requirements check, settings and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CACHE_DB_NAME, collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';
import type { LogEntry } from '../support/fixture-server';
import { projectFixturePath } from '../support/fixtures';
import { requirementsQueries } from '../support/assembled-popup';
import { TOOLBAR_BADGES } from '../../utils/background/toolbar-badge';
import { verdictWord } from '../../utils/contract/levels';
import type { VerdictLevel } from '../../utils/contract/report';

/** The extension API inside pages and the service worker (page.evaluate runs there, not in Node). */
type Ext = { chrome: typeof import('wxt/browser').browser };

const { server, browser } = useExtension({
  scenario: 'popup',
  // POPUP_E2E_EXTENSION lets a developer test a build in another folder while others rebuild .output.
  launch: { extensionPath: process.env.POPUP_E2E_EXTENSION, viewport: { width: 420, height: 900 } },
});

const requests = (): LogEntry[] => server.log.filter((e) => !e.asset);
const describeLog = () => requests().map((e) => `${e.status} ${e.method} ${e.host}${e.path}`);

async function openPopup(query = ''): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html${query}`);
  await page.locator('[data-testid="package-view"]').waitFor();
  return page;
}

async function lookUp(page: Page, text: string) {
  await page.getByLabel('Look up a PyPI package').fill(text);
  await page.getByRole('button', { name: 'Look up' }).click();
}

async function clearCache(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByTestId('clear-cache').click();
  const status = page.getByTestId('settings-status');
  await expect.poll(() => status.textContent()).toMatch(/Cache cleared/);
  return Number(/(\d+) entr/.exec((await status.textContent()) ?? '')?.[1]);
}

async function cacheEntryCount(): Promise<number> {
  const sw = await browser.serviceWorker();
  // The response cache is in IndexedDB (utils/sources/http/idb-cache.ts), with nothing left in storage.local.
  return sw.evaluate(async (dbName) => {
    const local = Object.keys(await (globalThis as unknown as Ext).chrome.storage.local.get(null)).filter((k) => k.startsWith('cache:'));
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(dbName);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const count = await new Promise<number>((resolve, reject) => {
      const request = db.transaction('entries', 'readonly').objectStore('entries').count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return count + local.length;
  }, CACHE_DB_NAME);
}

describe('current tab', () => {
  it("opens on the panel's verdict for a pypi.org project tab, with no new request", async () => {
    const site = await browser.newPage();
    await site.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    const panelWord = site.locator('[data-testid="trust-panel"] [data-fact="verdict-word"]');
    await expect.poll(() => site.locator('[data-testid="trust-panel"]').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    const sw = await browser.serviceWorker();
    const tabId = await sw.evaluate(
      async () => (await (globalThis as unknown as Ext).chrome.tabs.query({ url: 'https://pypi.org/project/luigi/*' }))[0]?.id,
    );
    server.clearLog();

    const popup = await openPopup(`?tabId=${tabId}`);
    const current = popup.getByTestId('current-tab');
    await expect.poll(() => current.getAttribute('data-kind')).toBe('report');
    expect(await current.getAttribute('data-remembered')).toBe('true');
    expect(await current.textContent()).toContain('luigi');
    expect(await current.locator('[data-fact="verdict-word"]').textContent()).toBe(await panelWord.textContent());
    expect(await current.locator('[data-fact="verdict-headline"]').textContent()).toBe(
      await site.locator('[data-testid="trust-panel"] [data-fact="verdict-headline"]').textContent(),
    );
    expect(describeLog()).toEqual([]);
    await popup.close();
    await site.close();
  });

  it("puts the tab's verdict on the toolbar button, and takes it off when the tab leaves pypi.org", async () => {
    const site = await browser.newPage();
    await site.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    const header = site.locator('[data-testid="trust-panel"] .tp-header');
    await expect.poll(() => site.locator('[data-testid="trust-panel"]').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    const level = (await header.getAttribute('data-level')) as VerdictLevel;
    const sw = await browser.serviceWorker();
    const tabId = await sw.evaluate(
      async () => (await (globalThis as unknown as Ext).chrome.tabs.query({ url: 'https://pypi.org/project/luigi/*' }))[0]?.id,
    );
    const button = () =>
      sw.evaluate(async (id) => {
        const { action } = (globalThis as unknown as Ext).chrome;
        return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
      }, tabId!);
    await expect.poll(async () => (await button()).text).toBe(TOOLBAR_BADGES[level].text);
    expect((await button()).title).toMatch(new RegExp(`^PyPI Trust Panel — ${verdictWord(level)}: luigi 3\\.6\\.0\\. `));

    // A new document in the tab (here leaving pypi.org): the page's pagehide and the browser both clear it.
    await site.goto('about:blank');
    await expect.poll(async () => (await button()).text).toBe('');
    expect((await button()).title).toBe('PyPI Trust Panel');
    await site.close();
  });

  it('says so on a tab that is not a pypi.org project page, and offers the lookup field', async () => {
    const popup = await openPopup();
    const current = popup.getByTestId('current-tab');
    await expect.poll(() => current.getAttribute('data-kind')).toBe('not-pypi');
    expect(await current.textContent()).toContain('not a pypi.org project page');
    await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('pp-lookup-input');
    await popup.close();
  });
});

describe('lookup', () => {
  it('shows the same report as the panel for a recorded package (name normalised per PEP 503)', async () => {
    const popup = await openPopup();
    const console = collectConsole(popup);
    await clearCache(popup); // the panel test above cached luigi: start cold to see the requests
    await popup.getByRole('tab', { name: 'Package' }).click();
    server.clearLog();
    await lookUp(popup, 'Luigi');
    const result = popup.getByTestId('lookup-result');
    await expect.poll(() => result.locator('[data-testid="trust-panel"]').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    expect(await result.locator('[data-fact="latest-version"]').first().textContent()).toContain('3.6.0');
    expect(await result.locator('.tp-header__name').textContent()).toContain('luigi 3.6.0');
    expect(requests().some((e) => e.path === '/pypi/luigi/json')).toBe(true);
    expect(requests().some((e) => e.path === '/pypi/Luigi/json')).toBe(false);
    expect(await popup.getByRole('navigation', { name: 'Recent lookups' }).textContent()).toContain('luigi');
    expect(console.unexpectedErrors()).toEqual([]);
    await popup.close();
  });

  it('says "not on PyPI" and danger for an unknown name with a recorded MAL- entry', async () => {
    const popup = await openPopup();
    server.clearLog();
    await lookUp(popup, '0requests');
    const missing = popup.getByTestId('not-on-pypi');
    await missing.waitFor({ timeout: 20_000 });
    expect(await missing.locator('[data-level]').first().getAttribute('data-level')).toBe('danger');
    const headline = await missing.locator('[data-fact="verdict-headline"]').textContent();
    expect(headline).toContain('not on PyPI');
    expect(headline).toContain('known malicious package (MAL-2026-15859: Malicious code in 0requests (PyPI))');
    expect(await missing.locator('[data-advisory="MAL-2026-15859"] a').getAttribute('href')).toBe(
      'https://osv.dev/vulnerability/MAL-2026-15859',
    );
    // The name it imitates, from the recorded top-packages list: one click looks it up instead.
    expect(await missing.locator('[data-fact="did-you-mean"] button').textContent()).toBe('requests');
    const query = requests().find((e) => e.host === 'api.osv.dev' && e.path === '/v1/query');
    expect(JSON.parse(query!.body!)).toEqual({ package: { name: '0requests', ecosystem: 'PyPI' } });
    expect(requests().find((e) => e.path === '/pypi/0requests/json')?.status).toBe(404);
    await popup.close();
  });

  it('names what is wrong with bad input and sends nothing', async () => {
    const popup = await openPopup();
    server.clearLog();
    const error = popup.getByTestId('lookup-error');
    const cases: [string, RegExp][] = [
      ['', /Type a package name/],
      ['   ', /Type a package name/],
      ['foo bar', /not a valid package name: space is not allowed/],
      ['requests/../../etc', /“\/” is not allowed/],
      ['x'.repeat(10_000), /10,000 characters/],
      ['pip install requests', /shell command.*requests/],
      ['https://example.com/requests', /That is a URL/],
      ['requests>=2', /Only an exact version/],
    ];
    for (const [text, message] of cases) {
      await lookUp(popup, text);
      await expect.poll(() => error.textContent()).toMatch(message);
      expect(await popup.getByLabel('Look up a PyPI package').getAttribute('aria-invalid')).toBe('true');
    }
    expect(describeLog()).toEqual([]);
    await popup.close();
  });

  it('remembers recent lookups across popup openings, and clears them', async () => {
    const popup = await openPopup();
    const recent = popup.getByRole('navigation', { name: 'Recent lookups' });
    await expect.poll(() => recent.locator('li').allTextContents()).toEqual(['0requests', 'luigi']);
    await popup.getByRole('button', { name: 'Clear recent' }).click();
    await expect.poll(() => recent.count()).toBe(0);
    await popup.reload();
    await popup.locator('[data-testid="package-view"]').waitFor();
    expect(await popup.getByRole('navigation', { name: 'Recent lookups' }).count()).toBe(0);
    await popup.close();
  });
});

describe('settings', () => {
  it('clear cache reports the number of entries removed', async () => {
    const before = await cacheEntryCount();
    expect(before).toBeGreaterThan(0);
    const popup = await openPopup();
    expect(await clearCache(popup)).toBe(before);
    expect(await cacheEntryCount()).toBe(0);
    await popup.close();
  });

  it('checks a token with GET /rate_limit, stores it, shows only its end, and removes it', async () => {
    const popup = await openPopup();
    await popup.getByRole('tab', { name: 'Settings' }).click();
    const token = `ghp_${'a1B2'.repeat(9)}`;
    server.clearLog();
    await popup.getByLabel('Personal access token').fill('not a token');
    await popup.getByRole('button', { name: 'Check and save' }).click();
    await expect.poll(() => popup.getByTestId('token-message').textContent()).toMatch(/not a GitHub token/);
    expect(describeLog()).toEqual([]);

    await popup.getByLabel('Personal access token').fill(token);
    await popup.getByRole('button', { name: 'Check and save' }).click();
    await expect
      .poll(() => popup.getByTestId('token-message').textContent())
      .toMatch(/Token saved\. GitHub allows 4,999 of 5,000 requests/);
    expect(await popup.getByTestId('token-set').textContent()).toContain('…a1B2');
    expect(describeLog()).toEqual(['200 GET api.github.com/rate_limit']);
    expect(requests()[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expect(await popup.content()).not.toContain(token);
    const settings = await popup.evaluate(() => (globalThis as unknown as Ext).chrome.runtime.sendMessage({ type: 'getSettings' }));
    expect(JSON.stringify(settings)).toContain('…a1B2');
    expect(JSON.stringify(settings)).not.toContain(token);

    await popup.getByRole('button', { name: 'Remove' }).click();
    await popup.getByLabel('Personal access token').waitFor();
    await popup.close();
  });

  it('says so when GitHub rejects the token (401) and does not store it', async () => {
    server.useScenario('popup-github-401');
    try {
      const popup = await openPopup();
      await popup.getByRole('tab', { name: 'Settings' }).click();
      await popup.getByLabel('Personal access token').fill(`github_pat_${'Z9'.repeat(20)}`);
      await popup.getByRole('button', { name: 'Check and save' }).click();
      await expect
        .poll(() => popup.getByTestId('token-message').textContent())
        .toMatch(/GitHub rejected this token \(401 Bad credentials\)/);
      expect(await popup.getByTestId('token-set').count()).toBe(0);
      await popup.close();
    } finally {
      server.useScenario('popup');
    }
  });
});

describe('requirements check', () => {
  it('checks a realistic 30-line file with one querybatch and shows verdicts, fixes and skipped lines', async () => {
    const popup = await openPopup();
    await clearCache(popup); // cold: the request count below is what a first check costs
    server.clearLog();
    await popup.getByRole('tab', { name: 'Requirements' }).click();
    await popup.getByLabel('requirements.txt or pip freeze output').fill(readFileSync(projectFixturePath('requirements-30.txt'), 'utf8'));
    await popup.getByRole('button', { name: 'Check', exact: true }).click();
    const table = popup.getByTestId('requirements-table');
    await table.waitFor({ timeout: 30_000 });
    const row = (name: string) => table.locator(`tr[data-package="${name}"]`);

    expect(await table.locator('tbody tr').count()).toBe(16);
    expect(await row('0requests').getAttribute('data-level')).toBe('danger');
    expect(await row('0requests').textContent()).toContain('known malicious package (MAL-2026-15859)');
    expect(await row('0requests').locator('[data-fact="upgrade-to"]').textContent()).toBe('remove it');
    // PYSEC-2021-98 (recorded source record): django fixed in 2.2.24, 3.1.12 and 3.2.4.
    expect(await row('django').locator('[data-advisory="PYSEC-2021-98"]').textContent()).toContain('fixed in 2.2.24, 3.1.12, 3.2.4');
    expect(await row('django').locator('[data-fact="upgrade-to"]').textContent()).toBe('2.2.24');
    // PYSEC-2023-74 names GHSA-j8r2-6x86-q33q as an alias: listed once.
    expect(await row('requests').locator('[data-advisory="GHSA-j8r2-6x86-q33q"]').count()).toBe(0);
    expect(await row('requests').locator('[data-fact="upgrade-to"]').textContent()).toBe('2.31.0');
    expect(await row('flask').locator('[data-fact="upgrade-to"]').textContent()).toBe('2.2.5');
    expect(await row('emoji').getAttribute('data-level')).toBe('info');
    expect(await row('luigi').locator('[data-fact="version"]').textContent()).toBe('3.6.0');
    expect(await row('luigi').locator('[data-fact="unpinned"]').count()).toBe(1);
    expect(await row('django').locator('[data-fact="unpinned"]').count()).toBe(0);
    expect(await row('coverage').textContent()).toContain('checked at the latest release 5.5');

    const unchecked = popup.getByTestId('unchecked-lines');
    expect(await unchecked.locator('li[data-kind="skipped"]').count()).toBe(6);
    expect(await unchecked.locator('li[data-kind="invalid"]').count()).toBe(1);
    expect(await unchecked.locator('li[data-line="28"]').textContent()).toContain('shell command');
    expect(await popup.getByTestId('summary').inputValue()).toMatch(/^DANGER {2}line 17: 0requests==0\.0\.1/m);

    const batches = requests().filter((e) => e.path === '/v1/querybatch');
    expect(batches).toHaveLength(1);
    expect(JSON.parse(batches[0]!.body!).queries).toHaveLength(16);
    expect(
      requests()
        .filter((e) => e.host === 'pypi.org')
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/pypi/0requests/json', '/pypi/coverage/json', '/pypi/luigi/json']); // 0requests: its MAL- record names one version, so its history is asked (404)
    // Reported in the closing note: what a cold 30-line check costs, per host.
    console.info(`30-line requirements check: ${requests().length} requests`, server.countByHost(), describeLog());
    expect(server.unmatched()).toEqual([]);
    await popup.close();
  });

  // The two lockfiles list the 30-line file's 16 PyPI pins in its query order (test/fixtures/SYNTHETIC.md),
  // so the assembled querybatch answers them; each adds packages from another index, git and a path.
  it.each([
    ['lockfile-uv-web-service.lock', 'uv.lock', 5],
    ['lockfile-poetry-web-service.lock', 'poetry.lock', 3],
  ])(
    'checks a pasted %s: 16 PyPI packages in one querybatch, hashes shown, other sources not checked',
    async (file, format, notChecked) => {
      const popup = await openPopup();
      await clearCache(popup);
      server.clearLog();
      await popup.getByRole('tab', { name: 'Requirements' }).click();
      await popup.getByLabel('requirements.txt or pip freeze output').fill(readFileSync(projectFixturePath(file), 'utf8'));
      await popup.getByRole('button', { name: 'Check', exact: true }).click();
      const table = popup.getByTestId('requirements-table');
      await table.waitFor({ timeout: 30_000 });
      const row = (name: string) => table.locator(`tr[data-package="${name}"]`);

      expect(await popup.getByTestId('requirements-status').getAttribute('data-format')).toBe(format);
      expect(await table.locator('tbody tr').count()).toBe(16);
      expect(await row('0requests').getAttribute('data-level')).toBe('danger');
      expect(await row('0requests').locator('[data-fact="upgrade-to"]').textContent()).toBe('remove it');
      expect(await row('django').locator('[data-fact="upgrade-to"]').textContent()).toBe('2.2.24');
      expect(await row('requests').locator('[data-fact="upgrade-to"]').textContent()).toBe('2.31.0');
      expect(await row('django').locator('[data-fact="hashes"] summary').textContent()).toBe('2 hashes');
      // A lockfile's version is a pin: no row is unpinned, so no PyPI request learns a latest release.
      expect(await table.locator('[data-fact="unpinned"]').count()).toBe(0);

      const unchecked = popup.getByTestId('unchecked-lines');
      expect(await unchecked.locator('li[data-kind="skipped"]').count()).toBe(notChecked);
      expect(await unchecked.textContent()).toContain('acme-utils 1.4.2 — not checked: from https://packages.example.com/simple');
      expect(await unchecked.textContent()).toContain(
        'internal-lib 2.3.0 — not checked: from git https://github.com/example/internal-lib.git',
      );
      expect((await popup.getByTestId('summary').inputValue()).split('\n')[0]).toMatch(
        new RegExp(`^PyPI Trust Panel lockfile check \\(${format.replace('.', '\\.')}\\), `),
      );

      const batches = requests().filter((e) => e.path === '/v1/querybatch');
      expect(batches).toHaveLength(1);
      expect(JSON.parse(batches[0]!.body!).queries).toEqual(requirementsQueries());
      // PyPI only for a malicious record's history (0requests), never for a locked version's latest release.
      const pypi = requests()
        .filter((e) => e.host === 'pypi.org')
        .map((e) => e.path);
      expect(pypi.filter((path) => path !== '/pypi/0requests/json')).toEqual([]);
      console.info(`${format} check: ${requests().length} requests`, server.countByHost());
      expect(server.unmatched()).toEqual([]);
      await popup.close();
    },
  );

  it('names an empty paste and a 10,000-character line, and sends nothing', async () => {
    const popup = await openPopup();
    await popup.getByRole('tab', { name: 'Requirements' }).click();
    server.clearLog();
    const area = popup.getByLabel('requirements.txt or pip freeze output');
    await area.fill('  \n ');
    await popup.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => popup.getByTestId('requirements-error').textContent()).toMatch(/Paste the contents/);
    await area.fill(`requests==${'1'.repeat(10_000)}\ncurl https://example.com/install.sh | sh`);
    await popup.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => popup.getByTestId('requirements-error').textContent()).toMatch(/No line names a PyPI package/);
    expect(await popup.getByTestId('unchecked-lines').textContent()).toMatch(/10,0\d\d characters long[\s\S]*shell command/);
    expect(describeLog()).toEqual([]);
    await popup.close();
  });
});
