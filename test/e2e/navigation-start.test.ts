// A tab's navigation to a project page starts its report in the background (webRequest), before any of the page's
// HTML is back — and, after idle, that navigation is what wakes the worker. Here pypi.org's page is held by the
// fixture server while the worker, stopped beforehand, must already have asked PyPI's JSON for the project.
import { describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';

const { server, browser } = useExtension({ scenario: 'luigi' });

describe('navigation start (webRequest, worker asleep)', () => {
  it("asks PyPI's JSON while the page's HTML is still held; the page then joins that build (JSON asked once)", async () => {
    server.useScenario('luigi');
    server.clearFaults();
    await browser.resetExtension(); // empty storage, worker stopped (as after 30 s idle)
    server.clearLog();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.setFault({ host: 'pypi.org', method: 'GET', path: '/project/luigi/' }, { holdUntil: held, times: 1 });

    const page = await browser.newPage();
    const navigation = page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    try {
      const json = await server.waitForRequest((e) => e.host === 'pypi.org' && e.path === '/pypi/luigi/json', 15_000);
      // Answered while the page itself was still held: no content script could have run yet.
      expect(json.status).toBe(200);
      expect(server.log.some((e) => e.host === 'pypi.org' && e.path === '/project/luigi/')).toBe(false);
    } finally {
      release();
    }
    await navigation;
    await expect
      .poll(() => page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level'), { timeout: 20_000 })
      .not.toBe('loading');
    expect(server.log.filter((e) => e.host === 'pypi.org' && e.path === '/pypi/luigi/json')).toHaveLength(1);
    await page.close();
  });
});
