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

/** A synthetic wheel of luigi `version` written to the temp dir, and its PyPI JSON file entry. */
function syntheticRelease(version: string, initPy: string, template: Record<string, unknown>) {
  const filename = `luigi-${version}-py3-none-any.whl`;
  const wheel = syntheticWheel({
    'luigi/__init__.py': initPy,
    [`luigi-${version}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: luigi\nVersion: ${version}\n`,
  });
  const sha = createHash('sha256').update(wheel).digest('hex');
  const path = `/packages/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.slice(4)}/${filename}`;
  const file = join(dir, `synthetic-${filename}`);
  writeFileSync(file, wheel);
  const entry = {
    ...template,
    filename,
    packagetype: 'bdist_wheel',
    python_version: 'py3',
    digests: { sha256: sha },
    size: wheel.length,
    url: `https://files.pythonhosted.org${path}`,
  };
  return { path, file, entry };
}

/**
 * luigi 3.6.0 whose wheel exfiltrates and 3.5.2 (the release before it) whose wheel is clean: the previous
 * release is read from its version JSON (the luigi scenario has no Simple index), both synthetic.
 */
function newlyScenario(): Scenario {
  const json = readRecorded('pypi.org/json/luigi.json') as {
    urls: Record<string, unknown>[];
    releases: Record<string, Record<string, unknown>[]>;
  };
  const viewed = syntheticRelease('3.6.0', ENV_EXFIL_INIT_PY, json.urls[0]!);
  const previous = syntheticRelease('3.5.2', 'import os\nVERSION = "3.5.2"\n', json.urls[0]!);
  const releases = { ...json.releases, '3.5.2': [previous.entry], '3.6.0': [viewed.entry] };
  const projectFile = join(dir, 'synthetic-luigi-newly.json');
  writeFileSync(projectFile, JSON.stringify({ ...json, urls: [viewed.entry], releases }));
  const previousFile = join(dir, 'synthetic-luigi-3.5.2.json');
  writeFileSync(
    previousFile,
    JSON.stringify({
      ...json,
      info: { ...(json as unknown as { info: object }).info, version: '3.5.2' },
      urls: [previous.entry],
      releases,
    }),
  );
  const headers = { 'content-type': 'application/json' };
  return {
    description:
      'luigi 3.6.0 with a synthetic wheel that sends os.environ at import; 3.5.2 with a clean synthetic wheel (both generated at test start).',
    extends: 'luigi',
    routes: [
      { host: 'pypi.org', path: '/pypi/luigi/json', file: projectFile, headers },
      { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file: projectFile, headers },
      { host: 'pypi.org', path: '/pypi/luigi/3.5.2/json', file: previousFile, headers },
      { host: 'files.pythonhosted.org', path: viewed.path, file: viewed.file },
      { host: 'files.pythonhosted.org', path: previous.path, file: previous.file },
    ],
  };
}

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

  it("an established project's release whose wheel newly exfiltrates, where the previous release's did not: 'this release newly runs …'", async () => {
    server.useScenario(newlyScenario());
    browser = await launchBrowser({ server });
    const page = await browser.newPage();
    const console = collectConsole(page);
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await page.locator('[data-section="code"][data-state="ok"]').waitFor({ timeout: 30_000 });
    const exfil = page.locator('[data-fact="code-runs"][data-runs="import"] [data-fact="code-finding"][data-check="exfiltration"]');
    expect(await exfil.locator('[data-fact="code-new"]').textContent()).toBe('new in this release');
    expect(await page.locator('[data-fact="code-compared"]').getAttribute('data-state')).toBe('compared');
    await expect.poll(() => badge(page).getAttribute('data-level'), { timeout: 20_000 }).toBe('danger');
    expect(await page.locator('[data-fact="verdict-headline"]').textContent()).toMatch(
      /^Danger: this release newly runs code that sends secrets or talks to a drop host, which the previous release \(3\.5\.2\) did not/,
    );
    expect(server.log.some((r) => r.path === '/pypi/luigi/3.5.2/json')).toBe(true);
    expect(console.pageErrors).toEqual([]);
  });
});
