// The popup of the Firefox build (MV2) in a real Firefox (firefox-esr, puppeteer-core over WebDriver BiDi): the
// lockfile check end to end — a pasted uv.lock detected by content, its 16 PyPI packages in one OSV querybatch,
// hashes shown, packages from another index or git listed as not checked. The same inputs as popup.test.ts's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { requirementsQueries } from '../support/assembled-popup';
import { useFixtureServer } from '../support/e2e';
import { projectFixturePath } from '../support/fixtures';
import { FIREFOX_INTERNAL_UUID, launchFirefox, startUpstreamProxy, type LaunchedFirefox, type UpstreamProxy } from '../support/firefox';
import { snapshotBuild } from '../support/hardening';

const server = useFixtureServer({ scenario: 'popup' });
let proxy: UpstreamProxy;
let firefox: LaunchedFirefox;
let popup: Page;

beforeAll(async () => {
  proxy = await startUpstreamProxy(server.port);
  firefox = await launchFirefox({ proxy, extensionPath: snapshotBuild('.output/firefox-mv2') });
  popup = await firefox.newPage();
  // Firefox loads the extension page, but WebDriver BiDi never reports the navigation to a moz-extension: URL as
  // finished (page.url() stays about:blank), so the goto's own wait is cut short and the view itself is waited for.
  await popup.goto(`moz-extension://${FIREFOX_INTERNAL_UUID}/popup.html`, { timeout: 5_000 }).catch(() => undefined);
  await popup.waitForSelector('[data-testid="package-view"]', { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await proxy?.close();
});

type Checked = {
  format: string | null;
  rows: number;
  levels: Record<string, string | null>;
  upgrades: Record<string, string | null>;
  djangoHashes: string | null;
  unpinned: number;
  unchecked: string;
  summaryFirstLine: string;
};

describe('Firefox (MV2 build): the popup checks a lockfile', () => {
  it('a pasted uv.lock: detected by content, 16 PyPI packages in one querybatch, hashes shown, other sources not checked', async () => {
    server.clearLog();
    await popup.click('#pp-tab-requirements');
    const text = readFileSync(projectFixturePath('lockfile-uv-web-service.lock'), 'utf8');
    // Typing 100 lines key by key would take long: set the value and fire the input event the view listens to.
    await popup.evaluate((value: string) => {
      const area = document.querySelector<HTMLTextAreaElement>('#pp-requirements')!;
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await popup.click('#pp-panel-requirements button[type="submit"]');
    await popup.waitForSelector('[data-testid="requirements-table"]', { timeout: 45_000 });
    const checked = await popup.evaluate((): Checked => {
      const table = document.querySelector('[data-testid="requirements-table"]')!;
      const row = (name: string) => table.querySelector(`tr[data-package="${name}"]`);
      const names = ['0requests', 'django', 'requests'];
      return {
        format: document.querySelector('[data-testid="requirements-status"]')?.getAttribute('data-format') ?? null,
        rows: table.querySelectorAll('tbody tr').length,
        levels: Object.fromEntries(names.map((n) => [n, row(n)?.getAttribute('data-level') ?? null])),
        upgrades: Object.fromEntries(names.map((n) => [n, row(n)?.querySelector('[data-fact="upgrade-to"]')?.textContent ?? null])),
        djangoHashes: row('django')?.querySelector('[data-fact="hashes"] summary')?.textContent ?? null,
        unpinned: table.querySelectorAll('[data-fact="unpinned"]').length,
        unchecked: document.querySelector('[data-testid="unchecked-lines"]')?.textContent ?? '',
        summaryFirstLine: (document.querySelector<HTMLTextAreaElement>('[data-testid="summary"]')?.value ?? '').split('\n')[0]!,
      };
    });
    expect(checked.format).toBe('uv.lock');
    expect(checked.rows).toBe(16);
    expect(checked.levels['0requests']).toBe('danger');
    expect(checked.upgrades).toMatchObject({ '0requests': 'remove it', django: '2.2.24', requests: '2.31.0' });
    expect(checked.djangoHashes).toBe('2 hashes');
    expect(checked.unpinned).toBe(0);
    expect(checked.unchecked).toContain('acme-utils 1.4.2 — not checked: from https://packages.example.com/simple');
    expect(checked.unchecked).toContain('internal-lib 2.3.0 — not checked: from git https://github.com/example/internal-lib.git');
    expect(checked.summaryFirstLine).toMatch(/^PyPI Trust Panel lockfile check \(uv\.lock\), /);

    const batches = server.log.filter((e) => e.host === 'api.osv.dev' && e.path === '/v1/querybatch');
    expect(batches).toHaveLength(1);
    expect(JSON.parse(batches[0]!.body!).queries).toEqual(requirementsQueries());
  });
});
