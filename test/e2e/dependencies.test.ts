// The Dependencies section through the real extension in Chromium: luigi 3.6.0's page with a deps.dev graph
// (synthetic) whose packages OSV answers from recorded records — a compromised litellm release (danger),
// requests and protobuf with advisories (caution). It arrives after the verdict, on its own message.
import { describe, expect, it } from 'vitest';
import { collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';

const { server, browser } = useExtension({ scenario: 'dependencies-luigi' });

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
});
