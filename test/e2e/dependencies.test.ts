// The Dependencies section through the real extension in Chromium: luigi 3.6.0's page with a deps.dev graph
// (synthetic) whose packages OSV answers from recorded records — a compromised litellm release (danger),
// requests and protobuf with advisories (caution). It arrives after the verdict, on its own message.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';
import type { Scenario } from '../support/fixture-server';
import { readRecorded } from '../support/fixtures';
import { syntheticWheel } from '../unit/utils/analysis/code-scan/synthetic-archives';

const { server, browser } = useExtension({ scenario: 'dependencies-luigi' });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dependencies-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const headers = { 'content-type': 'application/json' };

describe('Dependencies section', () => {
  it('shows the compromised dependency as danger, the vulnerable ones as caution, and the verdict follows', async () => {
    server.useScenario('dependencies-luigi');
    await browser.resetExtension();
    server.clearLog();
    const page = await browser.newPage();
    const consoleCapture = collectConsole(page);
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    const section = page.locator('[data-section="dependencies"]').first();
    await expect.poll(() => section.getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    const summary = page.locator('[data-fact="dependencies-summary"]').first();
    expect(await summary.getAttribute('data-level')).toBe('danger');
    expect(await summary.textContent()).toContain(
      'pulls in 4 packages (3 direct); 2 have advisories: requests 2.20.0 (8), protobuf 4.25.5 (4); 1 malicious: litellm 1.82.7 (compromised release)',
    );
    const rows = page.locator('li[data-fact="dependency"]');
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-level')]))).toEqual([
      ['litellm', 'danger'],
      ['requests', 'caution'],
      ['protobuf', 'caution'],
    ]);
    expect(await rows.first().locator('a').first().getAttribute('href')).toBe('https://pypi.org/project/litellm/1.82.7/');
    expect(await section.textContent()).toContain('generic 64-bit Linux');
    // The section never blocked the verdict; once it is in, its danger finding leads it.
    await expect
      .poll(() => page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level'), { timeout: 20_000 })
      .toBe('danger');
    expect(await page.locator('[data-rule="dependencies"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual([
      'danger',
      'caution',
    ]);
    // One querybatch for the whole graph (beside the page's own name-only one for luigi).
    const batches = server.log.filter((e) => e.path === '/v1/querybatch');
    expect(batches).toHaveLength(2);
    expect(consoleCapture.pageErrors).toEqual([]);
    await page.close();
  });

  it('arrives on its own message: a held archive download never delays it', async () => {
    server.useScenario('dependencies-luigi');
    await browser.resetExtension();
    server.clearLog();
    let release: () => void = () => undefined;
    server.setFault({ host: 'files.pythonhosted.org' }, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    try {
      const page = await browser.newPage();
      await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
      const section = page.locator('[data-section="dependencies"]').first();
      await expect.poll(() => section.getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
      // The archive is still held: the Code section waits, the graph did not.
      expect(await page.locator('[data-section="code"]').first().getAttribute('data-state')).toBe('loading');
      expect(await page.locator('[data-fact="dependencies-summary"]').first().getAttribute('data-level')).toBe('danger');
      release();
      await expect
        .poll(() => page.locator('[data-section="code"]').first().getAttribute('data-state'), { timeout: 30_000 })
        .not.toBe('loading');
      // The later answer (the code checks) still carries the graph.
      expect(await section.getAttribute('data-state')).toBe('ok');
      await page.close();
    } finally {
      release();
      server.clearFaults();
    }
  });

  it('names a dependency project first published under 90 days ago as a caution, with its age', async () => {
    // deps.dev's GetPackage for emoji, written at test start with one version dated 20 days ago (a fixed date would
    // stop being young): emoji's real first release is years old, so this stands in for a young project.
    const body = join(dir, 'synthetic-depsdev-package-emoji-young.json');
    const publishedAt = new Date(Date.now() - 20 * 86_400_000).toISOString();
    writeFileSync(
      body,
      JSON.stringify({
        packageKey: { system: 'PYPI', name: 'emoji' },
        versions: [{ versionKey: { system: 'PYPI', name: 'emoji', version: '2.14.0' }, publishedAt, isDefault: true }],
      }),
    );
    const scenario: Scenario = {
      description: 'dependencies-luigi, with deps.dev dating emoji (a synthetic GetPackage body) 20 days old.',
      extends: 'dependencies-luigi',
      routes: [{ host: 'api.deps.dev', path: '/v3/systems/pypi/packages/emoji', file: body, headers }],
    };
    server.useScenario(scenario);
    await browser.resetExtension();
    server.clearLog();
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    const section = page.locator('[data-section="dependencies"]').first();
    await expect.poll(() => section.getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    const emoji = page.locator('li[data-fact="dependency"][data-name="emoji"]');
    expect(await emoji.getAttribute('data-level')).toBe('info'); // youth alone is a note; with a look-alike name, a caution
    expect(await emoji.locator('[data-fact="dependency-young"]').getAttribute('data-days')).toMatch(/^(19|20)$/);
    expect(await page.locator('[data-fact="dependencies-summary"]').first().textContent()).toContain(
      '1 first published under 90 days ago: emoji 2.14.0',
    );
    // One GetPackage per project of the graph; the other three are not known to this scenario's deps.dev.
    const asked = server.log.filter((e) => e.host === 'api.deps.dev' && /^\/v3\/systems\/pypi\/packages\/[^/]+$/.test(e.path));
    expect(asked.map((e) => e.path.split('/').pop()).sort()).toEqual(['emoji', 'litellm', 'protobuf', 'requests']);
    expect(await page.locator('[data-fact="dependencies-ages"]').first().textContent()).toContain('for 1 project; 3 not known');
    expect(await page.locator('[data-rule="dependencies"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual([
      'danger',
      'caution',
      'info',
    ]);
    await page.close();
  });

  it("reads the declared requirements from the wheel's own METADATA once the code checks unpacked it, and notes PyPI JSON's silence", async () => {
    // A synthetic wheel (generated here, never committed) as luigi 3.6.0's only file, through a PyPI JSON derived from
    // the recorded one whose file entry names it; its METADATA is a test input, not luigi's real requirements.
    const metadata =
      'Metadata-Version: 2.1\nName: luigi\nVersion: 3.6.0\nRequires-Dist: synthetic-dep-one (>=1.0)\nRequires-Dist: synthetic-dep-two ; extra == "toml"\n\nDescription.\n';
    const wheel = syntheticWheel({ 'luigi/__init__.py': '', 'luigi-3.6.0.dist-info/METADATA': metadata });
    const sha = createHash('sha256').update(wheel).digest('hex');
    const wheelPath = `/packages/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha.slice(4)}/luigi-3.6.0-py3-none-any.whl`;
    const wheelFile = join(dir, 'synthetic-luigi-3.6.0-py3-none-any.whl');
    writeFileSync(wheelFile, wheel);
    const json = readRecorded('pypi.org/json/luigi.json') as { urls: Record<string, unknown>[]; releases: Record<string, unknown[]> };
    const entry = {
      ...json.urls[0],
      filename: 'luigi-3.6.0-py3-none-any.whl',
      packagetype: 'bdist_wheel',
      digests: { sha256: sha },
      size: wheel.length,
      url: `https://files.pythonhosted.org${wheelPath}`,
    };
    const jsonFile = join(dir, 'synthetic-luigi-wheel.json');
    writeFileSync(jsonFile, JSON.stringify({ ...json, urls: [entry], releases: { ...json.releases, '3.6.0': [entry] } }));
    const scenario: Scenario = {
      description: 'dependencies-luigi whose only 3.6.0 file is a synthetic wheel with its own METADATA (generated at test start).',
      extends: 'dependencies-luigi',
      routes: [
        { host: 'pypi.org', path: '/pypi/luigi/json', file: jsonFile, headers },
        { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file: jsonFile, headers },
        { host: 'files.pythonhosted.org', path: wheelPath, file: wheelFile },
      ],
    };
    server.useScenario(scenario);
    await browser.resetExtension();
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('[data-section="code"]').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    const declared = page.locator('[data-fact="dependencies-declared"]').first();
    await expect.poll(() => declared.getAttribute('data-source'), { timeout: 20_000 }).toBe('wheel-metadata');
    expect(await declared.locator('summary').textContent()).toContain(
      "from the wheel's own METADATA, what pip installs (luigi-3.6.0-py3-none-any.whl)",
    );
    expect(
      await declared.locator('[data-fact="declared-requirement"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))),
    ).toEqual(['synthetic-dep-one', 'synthetic-dep-two']);
    expect(await declared.locator('[data-fact="dependencies-difference"]').textContent()).toContain(
      'PyPI JSON lists no requires_dist for this release',
    );
    // The graph's judgement stands as it was.
    expect(await page.locator('[data-fact="dependencies-summary"]').first().getAttribute('data-level')).toBe('danger');
    await page.close();
  });
});
