// The code scan in the Firefox build (MV2): its background page starts the scan Worker itself (no offscreen
// document there). luigi 3.6.0's only file is a synthetic sdist built at test start (never committed), served
// through a PyPI JSON derived from the recorded one; the Code section must say the worker scanned it.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFixtureServer } from '../support/e2e';
import { readRecorded } from '../support/fixtures';
import { launchFirefox, startUpstreamProxy, type LaunchedFirefox, type UpstreamProxy } from '../support/firefox';
import { snapshotBuild } from '../support/hardening';
import { INSTALL_HOOK_SETUP_PY, syntheticSdist } from '../unit/utils/analysis/code-scan/synthetic-archives';

const server = useFixtureServer({ scenario: 'luigi' });
const FILE_PATH = (sha: string) => `/packages/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.slice(4)}/luigi-3.6.0.tar.gz`;
let dir: string;
let proxy: UpstreamProxy;
let firefox: LaunchedFirefox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'synthetic-firefox-code-'));
  const sdist = await syntheticSdist('luigi', '3.6.0', { 'setup.py': INSTALL_HOOK_SETUP_PY, 'PKG-INFO': 'Name: luigi\nVersion: 3.6.0\n' });
  const sha = createHash('sha256').update(sdist).digest('hex');
  const sdistFile = join(dir, 'synthetic-luigi.tar.gz');
  writeFileSync(sdistFile, sdist);
  const json = readRecorded('pypi.org/json/luigi.json') as { urls: Record<string, unknown>[]; releases: Record<string, unknown[]> };
  const entry = { ...json.urls[0], digests: { sha256: sha }, size: sdist.length, url: `https://files.pythonhosted.org${FILE_PATH(sha)}` };
  const jsonFile = join(dir, 'synthetic-luigi.json');
  writeFileSync(jsonFile, JSON.stringify({ ...json, urls: [entry], releases: { ...json.releases, '3.6.0': [entry] } }));
  const headers = { 'content-type': 'application/json' };
  server.useScenario({
    description: 'luigi 3.6.0 whose only file is a synthetic sdist with an install hook (generated at test start).',
    extends: 'luigi',
    routes: [
      { host: 'pypi.org', path: '/pypi/luigi/json', file: jsonFile, headers },
      { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file: jsonFile, headers },
      { host: 'files.pythonhosted.org', path: FILE_PATH(sha), file: sdistFile },
    ],
  });
  proxy = await startUpstreamProxy(server.port);
  firefox = await launchFirefox({ proxy, extensionPath: snapshotBuild('.output/firefox-mv2') });
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Firefox (MV2 build): the code scan', () => {
  it('runs in a Worker the background page started (the report says which engine) and finds the install hook', async () => {
    const page = await firefox.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      () =>
        document.querySelector('pypi-trust-panel')?.shadowRoot?.querySelector('[data-section="code"]')?.getAttribute('data-state') === 'ok',
      { timeout: 45_000, polling: 200 },
    );
    const code = await page.evaluate(() => {
      const section = document.querySelector('pypi-trust-panel')?.shadowRoot?.querySelector('[data-section="code"]');
      return {
        distributions: [...(section?.querySelectorAll('[data-fact="code-distribution"]') ?? [])].map((d) => ({
          state: d.getAttribute('data-state'),
          engine: d.getAttribute('data-engine'),
        })),
        checks: [...(section?.querySelectorAll('[data-fact="code-finding"]') ?? [])].map((f) => f.getAttribute('data-check')),
      };
    });
    expect(code.distributions).toEqual([{ state: 'scanned', engine: 'worker' }]);
    expect(code.checks).toContain('install-hook');
  });
});
