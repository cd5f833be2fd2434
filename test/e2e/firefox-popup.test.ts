// The popup of the Firefox build (MV2) in a real Firefox (firefox-esr, puppeteer-core over WebDriver BiDi): the
// lockfile check end to end — a pasted uv.lock detected by content, its 16 PyPI packages in one OSV querybatch,
// hashes shown, packages from another index or git listed as not checked. The same inputs as popup.test.ts's.
// Then the install cooldown lines on a release two days old (luigi's recorded JSON, 3.6.0's upload time moved at
// test start, as in cooldown.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { requirementsQueries } from '../support/assembled-popup';
import { useFixtureServer } from '../support/e2e';
import type { Scenario } from '../support/fixture-server';
import { projectFixturePath, readRecorded } from '../support/fixtures';
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

describe('Firefox (MV2 build): install cooldown lines on a release under a week old', () => {
  type FileEntry = { upload_time: string; upload_time_iso_8601: string };
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ff-cooldown-'));
    const uploadedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const json = readRecorded('pypi.org/json/luigi.json') as { urls: FileEntry[]; releases: Record<string, FileEntry[]> };
    const recent = (f: FileEntry): FileEntry => ({ ...f, upload_time: uploadedAt.slice(0, 19), upload_time_iso_8601: uploadedAt });
    const file = join(dir, 'derived-luigi-3.6.0-two-days-old.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...json,
        urls: json.urls.map(recent),
        releases: { ...json.releases, '3.6.0': json.releases['3.6.0']!.map(recent) },
      }),
    );
    const headers = { 'content-type': 'application/json' };
    const scenario: Scenario = {
      description: 'luigi, its latest release 3.6.0 uploaded two days before the test (recorded JSON, upload time moved at test start).',
      extends: 'luigi',
      routes: [
        { host: 'pypi.org', path: '/pypi/luigi/json', file, headers },
        { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file, headers },
      ],
    };
    server.useScenario(scenario);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the Releases section offers the uv and pip lines cut a week back, installing 3.5.2', async () => {
    const page = await firefox.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    const found = await page.waitForFunction(
      () => {
        const panel = document.querySelector('pypi-trust-panel')?.shadowRoot;
        const section = panel?.querySelector<HTMLDetailsElement>('[data-section="releases"]');
        if (!section || section.getAttribute('data-state') !== 'ok') return null;
        if (!section.open) section.querySelector<HTMLElement>('summary')?.click();
        const cooldown = section.querySelector('[data-fact="install-cooldown"]');
        if (!cooldown) return null;
        return {
          cutoff: cooldown.getAttribute('data-cutoff'),
          uv: cooldown.querySelector('[data-fact="cooldown-uv"]')?.textContent ?? null,
          pip: cooldown.querySelector('[data-fact="cooldown-pip"]')?.textContent ?? null,
          reason: cooldown.querySelector('[data-fact="cooldown-reason"]')?.textContent ?? '',
        };
      },
      { timeout: 45_000, polling: 200 },
    );
    const lines = (await found.jsonValue()) as { cutoff: string; uv: string; pip: string; reason: string };
    expect(lines.cutoff).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(lines.uv).toBe(`uv pip install --exclude-newer ${lines.cutoff} luigi`);
    expect(lines.pip).toBe(`pip install --uploaded-prior-to ${lines.cutoff} luigi`);
    expect(lines.reason).toContain('they install luigi 3.5.2');
    await page.close();
  });
});
