// The Firefox build (MV2) in a real Firefox (Debian firefox-esr, puppeteer-core over WebDriver BiDi): installed as an
// add-on, it puts the badge and the panel on a recorded pypi.org page, every section filled from the fixture server.
// Puppeteer's selectors do not pierce shadow roots, so the checks read the open roots with page.evaluate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import * as z from 'zod/mini';
import { normaliseReleaseFacts, PypiJson } from '../../utils/sources/pypi-json';
import { useFixtureServer } from '../support/e2e';
import { readRecorded } from '../support/fixtures';
import { launchFirefox, startUpstreamProxy, type LaunchedFirefox, type UpstreamProxy } from '../support/firefox';
import { snapshotBuild } from '../support/hardening';

const server = useFixtureServer({ scenario: 'luigi' });
let proxy: UpstreamProxy;
let firefox: LaunchedFirefox;
let page: Page;

type PanelState = { badge: string | null; sections: Record<string, string | null>; facts: Record<string, string>; text: string };

/** The badge level, every section's state and every fact's text, read inside the open shadow roots. */
const readPanel = (p: Page) =>
  p.evaluate((): PanelState => {
    const badge = document.querySelector('pypi-trust-badge')?.shadowRoot?.querySelector('[data-testid="trust-badge"]');
    const panel = document.querySelector('pypi-trust-panel')?.shadowRoot?.querySelector('[data-testid="trust-panel"]');
    const sections: Record<string, string | null> = {};
    for (const s of panel?.querySelectorAll('[data-section]') ?? [])
      sections[s.getAttribute('data-section')!] = s.getAttribute('data-state');
    const facts: Record<string, string> = {};
    for (const f of panel?.querySelectorAll('[data-fact]') ?? []) facts[f.getAttribute('data-fact')!] ??= f.textContent ?? '';
    return { badge: badge?.getAttribute('data-level') ?? null, sections, facts, text: panel?.textContent ?? '' };
  });

beforeAll(async () => {
  proxy = await startUpstreamProxy(server.port);
  firefox = await launchFirefox({ proxy, extensionPath: snapshotBuild('.output/firefox-mv2') });
  page = await firefox.newPage();
  await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
  // Settled: a verdict on the badge and no section still loading.
  await page.waitForFunction(
    () => {
      const level = document
        .querySelector('pypi-trust-badge')
        ?.shadowRoot?.querySelector('[data-testid="trust-badge"]')
        ?.getAttribute('data-level');
      const panel = document.querySelector('pypi-trust-panel')?.shadowRoot?.querySelector('[data-testid="trust-panel"]');
      return (
        !!level &&
        level !== 'loading' &&
        !!panel &&
        panel.getAttribute('aria-busy') === 'false' &&
        !panel.querySelector('[data-state="loading"]')
      );
    },
    { timeout: 45_000, polling: 200 },
  );
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await proxy?.close();
});

describe('Firefox (MV2 build) on the recorded luigi page', () => {
  it('installs as a temporary add-on with the id from the manifest', () => {
    expect(firefox.extensionId).toBe('{90995a35-9241-4960-a9c1-55d37965d871}');
  });

  it('puts the badge beside the title and the panel in the sidebar', async () => {
    const placed = await page.evaluate(() => ({
      badgeInTitle: !!document.querySelector('.banner h1 pypi-trust-badge'),
      panelInSidebar: !!document.querySelector('.project-description__sidebar pypi-trust-panel'),
    }));
    expect(placed).toEqual({ badgeInTitle: true, panelInSidebar: true });
    expect(['good', 'info', 'caution', 'danger', 'unknown']).toContain((await readPanel(page)).badge);
  });

  it('renders every section from the fixture server, the figures equal to the recorded JSON', async () => {
    const luigi = normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/luigi.json')), null, undefined);
    const state = await readPanel(page);
    expect(state.sections).toMatchObject({ repository: 'ok', releases: 'ok', advisories: 'ok' });
    // Provenance: the luigi scenario answers the Simple index with PyPI's recorded 404, so the section says so.
    expect(state.sections.provenance).toBe('error');
    expect(state.facts['release-count']).toContain(String(luigi.releaseCount));
    expect(state.facts['latest-version']).toContain('3.6.0');
    expect(state.facts['repository-link']).toContain('spotify/luigi');
    expect(state.facts['advisory-count-viewed']).toContain('0');
  });

  it('shows the Dependencies section after the verdict: the luigi scenario has no deps.dev graph, and it says so', async () => {
    await page.waitForFunction(
      () =>
        document
          .querySelector('pypi-trust-panel')
          ?.shadowRoot?.querySelector('[data-section="dependencies"]')
          ?.getAttribute('data-state') === 'ok',
      { timeout: 30_000, polling: 200 },
    );
    const state = await readPanel(page);
    expect(state.facts['dependencies-unavailable']).toBe('Direct requirements only: deps.dev has no resolved graph for this version.');
  });

  it('asked the upstreams through the fixture server (host permissions granted at install), and nothing else', () => {
    const hosts = new Set(server.log.filter((e) => !e.asset).map((e) => e.host));
    for (const host of ['pypi.org', 'api.osv.dev', 'api.github.com', 'api.deps.dev']) expect(hosts).toContain(host);
    expect(server.log.some((e) => e.host === 'pypi.org' && e.path === '/pypi/luigi/json')).toBe(true);
    // Firefox's own background traffic was refused by the proxy; the extension asked only upstream hosts.
    for (const tunnel of proxy.tunnels.filter((t) => t.allowed)) {
      expect(tunnel.target).toMatch(
        /^(pypi\.org|files\.pythonhosted\.org|api\.github\.com|raw\.githubusercontent\.com|api\.osv\.dev|api\.deps\.dev|hugovk\.github\.io):443$/,
      );
    }
  });

  it("starts a release page's report at the tab's navigation (webRequest): its JSON is asked while the page's HTML is held", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.setFault({ host: 'pypi.org', method: 'GET', path: '/project/luigi/3.6.0/' }, { holdUntil: held, times: 1 });
    const second = await firefox.newPage();
    const navigation = second.goto('https://pypi.org/project/luigi/3.6.0/', { waitUntil: 'domcontentloaded' }).catch(() => null);
    try {
      const json = await server.waitForRequest((e) => e.host === 'pypi.org' && e.path === '/pypi/luigi/3.6.0/json', 20_000);
      expect(json.method).toBe('GET');
      expect(server.log.some((e) => e.host === 'pypi.org' && e.path === '/project/luigi/3.6.0/')).toBe(false);
    } finally {
      release();
      server.clearFaults();
    }
    await navigation;
    await second.close();
  });
});
