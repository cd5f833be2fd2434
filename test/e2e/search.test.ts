// Search results: a badge on every result, one OSV querybatch for the whole page, no GitHub.
import { describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';
import { readRecorded } from '../support/fixtures';

const { server, browser } = useExtension({ scenario: 'search-flask' });

async function openSearch() {
  const page = await browser.newPage();
  await page.goto('https://pypi.org/search/?q=flask', { waitUntil: 'domcontentloaded' });
  await expect
    .poll(() => page.locator('a.package-snippet [data-testid="trust-badge"]:not([data-level="loading"])').count(), { timeout: 20_000 })
    .toBe(20);
  return page;
}

describe('search page with 20 results', () => {
  it('every result gets a badge; one OSV request, no GitHub request; the flask advisories show', async () => {
    server.clearLog();
    const page = await openSearch();
    expect(await page.locator('a.package-snippet').count()).toBe(20);
    const counts = server.countByHost();
    expect(counts['api.osv.dev']).toBe(1);
    expect(counts['api.github.com']).toBeUndefined();
    expect(counts['pypi.org']).toBeLessThanOrEqual(21);
    const osv = server.log.find((e) => e.host === 'api.osv.dev');
    expect(osv?.path).toBe('/v1/querybatch');
    expect((JSON.parse(osv!.body!) as { queries: unknown[] }).queries).toHaveLength(20);
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
