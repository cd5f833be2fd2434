// A tab's navigation to a project page starts its report in the background (webRequest), before any of the page's
// HTML is back — and, after idle, that navigation is what wakes the worker (on a search page too). Here pypi.org's
// page is held by the fixture server while the worker, stopped beforehand, must already have woken (and, for a
// project page, asked PyPI's JSON for the project).
import { describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';

const { server, browser } = useExtension({ scenario: 'luigi' });

/** Whether a running service worker of the extension began after `at` (its performance.timeOrigin), without waking one. */
async function workerStartedAfter(at: number): Promise<boolean> {
  for (const worker of browser.context.serviceWorkers()) {
    const origin = await Promise.race([
      worker.evaluate(() => performance.timeOrigin).catch(() => null),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 500)),
    ]);
    if (origin !== null && origin >= at) return true;
  }
  return false;
}

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

  it('a search page wakes the sleeping worker while its HTML is still held', async () => {
    server.useScenario('search-flask');
    server.clearFaults();
    await browser.resetExtension();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.setFault({ host: 'pypi.org', method: 'GET', path: '/search/' }, { holdUntil: held, times: 1 });
    const page = await browser.newPage();
    const asked = Date.now();
    const navigation = page.goto('https://pypi.org/search/?q=flask', { waitUntil: 'domcontentloaded' });
    try {
      // A worker whose clock began after the navigation did: started by it (the content scripts have not run).
      await expect.poll(() => workerStartedAfter(asked), { timeout: 10_000 }).toBe(true);
      expect(server.log.some((e) => e.host === 'pypi.org' && e.path === '/search/')).toBe(false);
    } finally {
      release();
    }
    await navigation;
    await expect.poll(() => page.locator('pypi-trust-search-badge').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
