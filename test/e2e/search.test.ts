// Search results: a badge on every result, one OSV querybatch for the whole page, no GitHub.
import { describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';
import { readRecorded } from '../support/fixtures';

const { server, browser } = useExtension({ scenario: 'search-flask' });

async function openSearch(whileLoading?: () => Promise<void>) {
  const page = await browser.newPage();
  await page.goto('https://pypi.org/search/?q=flask', { waitUntil: 'domcontentloaded' });
  await whileLoading?.();
  await expect
    .poll(() => page.locator('a.package-snippet [data-testid="trust-badge"]:not([data-level="loading"])').count(), { timeout: 20_000 })
    .toBe(20);
  return page;
}

describe('search page with 20 results', () => {
  it('every result gets a badge; OSV asked in parallel with PyPI (one batch, then flask again), no GitHub request; the flask advisories show', async () => {
    server.clearLog();
    // PyPI's answers are held until OSV's first batch has been answered: it does not wait for them.
    let release: () => void = () => undefined;
    server.setFault({ host: 'pypi.org', pathPrefix: '/pypi/' }, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const page = await openSearch(async () => {
      await server.waitForRequest((e) => e.host === 'api.osv.dev');
      expect(server.log.filter((e) => e.path.startsWith('/pypi/'))).toEqual([]);
      release();
    }).finally(() => {
      release();
      server.clearFaults();
    });
    expect(await page.locator('a.package-snippet').count()).toBe(20);
    const counts = server.countByHost();
    expect(counts['api.github.com']).toBeUndefined();
    expect(counts['pypi.org']).toBeLessThanOrEqual(21);
    // One batch for the whole page, by name (the 2026 page shows no versions), sent while PyPI is asked (HTTP/2);
    // then flask alone again, the one name OSV knows advisories for, with PyPI's latest version.
    const osv = server.log.filter((e) => e.host === 'api.osv.dev');
    expect(osv.map((e) => e.path)).toEqual(['/v1/querybatch', '/v1/querybatch']);
    const queries = osv.map((e) => (JSON.parse(e.body!) as { queries: { package: { name: string }; version?: string }[] }).queries);
    expect(queries[0]).toHaveLength(20);
    expect(queries[0]!.every((q) => q.version === undefined)).toBe(true);
    expect(queries[1]).toEqual([{ package: { name: 'flask', ecosystem: 'PyPI' }, version: '3.6.0' }]);
    expect(server.log.filter((e) => e.host === 'pypi.org' && e.path.startsWith('/pypi/')).every((e) => e.httpVersion === '2.0')).toBe(true);
    // The assembled answer gives flask the recorded flask 1.0.0 result (four advisories): caution.
    const recorded = readRecorded('api.osv.dev/querybatch/pypi-django-1.11.29-flask-1.0.0-requests-2.20.0.json') as {
      results: { vulns: unknown[] }[];
    };
    const flaskBadge = page.locator('a.package-snippet[href="/project/flask/"] [data-testid="trust-badge"]');
    expect(await flaskBadge.getAttribute('data-level')).toBe('caution');
    await flaskBadge.focus();
    expect(await flaskBadge.textContent()).toContain(`${recorded.results[1]!.vulns.length} known advisories`);
    const others = await page
      .locator('a.package-snippet:not([href="/project/flask/"]) [data-testid="trust-badge"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
    expect(others.every((level) => level === 'info')).toBe(true);
    await page.close();
  });

  it('a warm revisit makes no upstream request', async () => {
    server.clearLog();
    const page = await openSearch();
    expect(server.countByHost()).toEqual({ 'pypi.org': 1 });
    await page.close();
  });

  it('a result whose data fails gets an "unknown" badge with the reason, never none', async () => {
    await browser.resetExtension();
    server.setFault({ host: 'pypi.org', path: '/pypi/flask-cors/json' }, { status: 500, body: 'oops' });
    const page = await openSearch();
    const badge = page.locator('a.package-snippet[href="/project/flask-cors/"] [data-testid="trust-badge"]');
    expect(await badge.getAttribute('data-level')).toBe('unknown');
    expect(await badge.textContent()).toMatch(/500/);
    server.clearFaults();
    await page.close();
  });
});
