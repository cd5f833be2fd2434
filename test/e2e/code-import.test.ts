// Import-time code through the real extension (issue 18): luigi 3.6.0 whose only file is a synthetic wheel
// (generated into a temp dir at test start, never committed) whose luigi/__init__.py sends the environment
// variables at import, the shape OSV records for 0requests (MAL-2026-15859). The Code section shows it
// under "runs at import" as danger, and the verdict follows.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, collectConsole, type LaunchedBrowser } from '../support/browser';
import { useFixtureServer } from '../support/e2e';
import type { Scenario } from '../support/fixture-server';
import { readRecorded } from '../support/fixtures';
import { ENV_EXFIL_INIT_PY, syntheticWheel } from '../unit/utils/analysis/code-scan/synthetic-archives';

const WHEEL = 'luigi-3.6.0-py3-none-any.whl';
const FILE_PATH = (sha: string) => `/packages/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.slice(4)}/${WHEEL}`;

let dir: string;
const server = useFixtureServer({ scenario: 'luigi' });
let browser: LaunchedBrowser | null = null;

function wheelScenario(): { scenario: Scenario; path: string } {
  const wheel = syntheticWheel({
    'luigi/__init__.py': ENV_EXFIL_INIT_PY,
    'luigi-3.6.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: luigi\nVersion: 3.6.0\n',
  });
  const sha = createHash('sha256').update(wheel).digest('hex');
  const wheelFile = join(dir, `synthetic-${WHEEL}`);
  writeFileSync(wheelFile, wheel);
  const json = readRecorded('pypi.org/json/luigi.json') as {
    urls: Record<string, unknown>[];
    releases: Record<string, Record<string, unknown>[]>;
  };
  const entry = {
    ...json.urls[0],
    filename: WHEEL,
    packagetype: 'bdist_wheel',
    python_version: 'py3',
    digests: { sha256: sha },
    size: wheel.length,
    url: `https://files.pythonhosted.org${FILE_PATH(sha)}`,
  };
  const jsonFile = join(dir, 'synthetic-luigi-wheel.json');
  writeFileSync(jsonFile, JSON.stringify({ ...json, urls: [entry], releases: { ...json.releases, '3.6.0': [entry] } }));
  const headers = { 'content-type': 'application/json' };
  return {
    path: FILE_PATH(sha),
    scenario: {
      description:
        'luigi 3.6.0 whose only file is a synthetic wheel whose __init__.py sends os.environ at import (generated at test start).',
      extends: 'luigi',
      routes: [
        { host: 'pypi.org', path: '/pypi/luigi/json', file: jsonFile, headers },
        { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file: jsonFile, headers },
        { host: 'files.pythonhosted.org', path: FILE_PATH(sha), file: wheelFile },
      ],
    },
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'synthetic-code-import-e2e-'));
});
afterEach(async () => {
  await browser?.close();
  browser = null;
  server.clearLog();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const badge = (page: Page) => page.locator('.banner h1 [data-testid="trust-badge"]');

describe('Code section: what runs at import', () => {
  it("a wheel whose __init__.py exfiltrates environment variables is danger, under 'runs at import'", async () => {
    const { scenario, path } = wheelScenario();
    server.useScenario(scenario);
    browser = await launchBrowser({ server });
    const page = await browser.newPage();
    const console = collectConsole(page);
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await page.locator('[data-testid="trust-panel"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });

    const atImport = page.locator('[data-fact="code-runs"][data-runs="import"]');
    expect(await atImport.locator('h4').textContent()).toBe('runs at import');
    const exfil = atImport.locator('[data-fact="code-finding"][data-check="exfiltration"]');
    expect(await exfil.getAttribute('data-level')).toBe('danger');
    expect(await exfil.locator('[data-fact="code-excerpt"]').textContent()).toBe('_s.sendall(json.dumps(_found).encode())');
    expect(await exfil.locator('a').getAttribute('href')).toBe(
      `https://inspector.pypi.io/project/luigi/3.6.0${path}/luigi/__init__.py#line.5`,
    );

    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).toBe('danger');
    expect(await page.locator('[data-fact="verdict-headline"]').textContent()).toMatch(/^Danger: the code sends secrets/);
    expect(console.pageErrors).toEqual([]);
  });
});
