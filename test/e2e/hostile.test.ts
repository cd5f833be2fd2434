// Hostile data (issue 10): every upstream answers luigi's page with synthetic bodies whose every stranger-written field
// holds markup, script URLs, bidi overrides, look-alikes and 100 KB strings (test/support/synthetic-hostile.ts).
// No script may run (the page-level canary stays unset), no link may be anything but https:, long text folds behind
// "show more" and can be read in full, and the pypi.org page stays usable.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectConsole, type ConsoleCapture } from '../support/browser';
import { useExtension } from '../support/e2e';
import {
  expandEverything,
  readInjectedUi,
  resetExtension,
  section,
  serveBody,
  snapshotBuild,
  waitSettled,
  type InjectedUi,
} from '../support/hardening';
import {
  BIDI_CONTROLS,
  CANARY,
  HUGE_UNBROKEN,
  syntheticHostileDepsDevProject,
  syntheticHostileGithubRepo,
  syntheticHostileOsvQuery,
  syntheticHostileProjectPage,
  syntheticHostilePypiJson,
  syntheticHostileSimpleIndex,
} from '../support/synthetic-hostile';

const { server, browser } = useExtension({ scenario: 'luigi', launch: () => ({ extensionPath: snapshotBuild('.output/chrome-mv3') }) });
let page: Page;
let consoleCapture: ConsoleCapture;
let before: InjectedUi;
let after: InjectedUi;

const canary = (p: Page) => p.evaluate((name) => (window as unknown as Record<string, unknown>)[name] ?? null, CANARY);

beforeAll(async () => {
  await resetExtension(browser);
  const pypiJson = syntheticHostilePypiJson();
  serveBody(server, { host: 'pypi.org', path: '/project/luigi/' }, syntheticHostileProjectPage(), 'text/html; charset=utf-8');
  serveBody(server, { host: 'pypi.org', path: '/pypi/luigi/json' }, pypiJson);
  serveBody(server, { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json' }, pypiJson);
  serveBody(server, { host: 'pypi.org', path: '/simple/luigi/' }, syntheticHostileSimpleIndex(), 'application/vnd.pypi.simple.v1+json');
  serveBody(server, { host: 'api.osv.dev', method: 'POST', path: '/v1/query' }, syntheticHostileOsvQuery());
  serveBody(server, { host: 'api.github.com', path: '/repos/spotify/luigi' }, syntheticHostileGithubRepo());
  serveBody(server, { host: 'api.deps.dev', path: '/v3/projects/github.com%2Fspotify%2Fluigi' }, syntheticHostileDepsDevProject());
  server.clearLog();

  page = await browser.newPage();
  consoleCapture = collectConsole(page);
  await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
  await waitSettled(page);
  before = await readInjectedUi(page);
  await page.locator('[data-testid="trust-badge"]').first().hover();
  await expandEverything(page);
  after = await readInjectedUi(page);
}, 120_000);

describe('hostile upstream data on a project page', () => {
  it('renders the badge and the panel at all (the data reached the UI)', () => {
    expect(before.hosts).toEqual(expect.arrayContaining(['pypi-trust-panel', 'pypi-trust-badge']));
    // The markup arrived, as text: it is on screen, literally.
    expect(after.text).toContain('<img src=x onerror=');
    expect(after.text).toContain('<script>window.__tpCanary');
  });

  it('runs no script: the page-level canary is never set, even after expanding everything', async () => {
    expect(await canary(page)).toBeNull();
    expect(after.forbiddenElements).toEqual([]);
    expect(after.handlerAttributes).toEqual([]);
    expect(consoleCapture.pageErrors.map((e) => e.message)).toEqual([]);
  });

  it('every link target is https: (or the extension’s own rules page), ASCII only, no credentials', () => {
    const ownRules = new RegExp(`^chrome-extension://${browser.extensionId}/rules\\.html#[a-z0-9-]+$`);
    expect(after.urls.length).toBeGreaterThan(0);
    for (const { tag, attribute, value } of after.urls) {
      expect(`${tag}[${attribute}]`).toBe(`${tag}[href]`);
      if (ownRules.test(value)) continue;
      expect(value).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/|$)/);
      expect(value).toMatch(/^[\x21-\x7e]+$/); // a look-alike host or path shows as punycode / %-escapes
      expect(new URL(value).username).toBe('');
      expect(value.length).toBeLessThanOrEqual(2048);
    }
    // The look-alike host never passes for GitHub.
    expect(after.urls.map((u) => u.value)).not.toContain('https://github.com/spotify/lu%D1%96gi');
  });

  it('asks GitHub only about the real repository, never the look-alike one', () => {
    const github = server.log.filter((e) => e.host === 'api.github.com').map((e) => e.path);
    expect(github).toEqual(expect.arrayContaining(['/repos/spotify/luigi']));
    for (const path of github) expect(path).toBe('/repos/spotify/luigi');
  });

  it('long strings are folded behind "show more" and can be read in full', () => {
    expect(before.longTextAt).toEqual([]);
    expect(before.text.includes('A'.repeat(1000))).toBe(false);
    expect(before.text.length).toBeLessThan(60_000);
    expect(after.text.includes(HUGE_UNBROKEN)).toBe(true);
  });

  it('shows bidi controls as visible replacement marks, never raw (no reordered text)', () => {
    expect(after.bidiAt).toEqual([]);
    expect(BIDI_CONTROLS.test(after.text)).toBe(false);
    expect(after.text.includes('luigi\uFFFDgnp.exe')).toBe(true);
  });

  it('the pypi.org page stays usable: title, description, no sideways scrolling, scrolls, answers', async () => {
    expect(await page.locator('.banner h1').first().textContent()).toContain('luigi');
    expect(await page.locator('.project-description').count()).toBeGreaterThan(0);
    const layout = await page.evaluate(() => {
      const sidebar = document.querySelector('.project-description__sidebar')!.getBoundingClientRect();
      const panel = document.querySelector('pypi-trust-panel')!.getBoundingClientRect();
      window.scrollTo(0, document.documentElement.scrollHeight);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        sidebar: sidebar.width,
        panel: panel.width,
        scrolled: window.scrollY,
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.panel).toBeLessThanOrEqual(layout.sidebar + 1);
    expect(layout.scrolled).toBeGreaterThan(0);
    const started = Date.now();
    await page.evaluate(() => document.title);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('each section still says something about its data (parsed, or refused at the edge)', async () => {
    for (const name of ['repository', 'releases', 'advisories', 'provenance']) {
      expect(['ok', 'error']).toContain(await section(page, name).getAttribute('data-state'));
    }
    // The yanked reason and the advisories came through as text.
    expect(await section(page, 'releases').textContent()).toContain('yanked');
    expect(await section(page, 'advisories').getAttribute('data-state')).toBe('ok');
  });
});

describe('hostile upstream data on the page of the yanked release', () => {
  it('shows the hostile yank reason as folded text, runs nothing, links nothing', async () => {
    // Same hostile bodies as above; this page views 3.6.0, whose files all carry the hostile yank reason.
    serveBody(server, { host: 'pypi.org', path: '/project/luigi/3.6.0/' }, syntheticHostileProjectPage(), 'text/html; charset=utf-8');
    const release = await browser.newPage();
    await release.goto('https://pypi.org/project/luigi/3.6.0/', { waitUntil: 'domcontentloaded' });
    await waitSettled(release);
    const folded = await readInjectedUi(release);
    expect(await release.locator('[data-fact="viewed-yanked"]').first().textContent()).toContain('<img src=x onerror=');
    expect(folded.longTextAt).toEqual([]);
    await expandEverything(release);
    const ui = await readInjectedUi(release);
    expect(await canary(release)).toBeNull();
    expect(ui.forbiddenElements).toEqual([]);
    expect(ui.handlerAttributes).toEqual([]);
    expect(ui.bidiAt).toEqual([]);
    for (const { value } of ui.urls)
      expect(value).toMatch(new RegExp(`^(https://|chrome-extension://${browser.extensionId}/rules\\.html#)`));
    await release.close();
  });
});

describe('hostile upstream data on a search page', () => {
  it('badges on every result, no script, no raw bidi text, no links or markup from data', async () => {
    server.clearFaults();
    server.useScenario('search-flask');
    await resetExtension(browser);
    // Every result's PyPI JSON is the hostile luigi body (yank reasons, summaries, names, links).
    serveBody(server, { host: 'pypi.org', pathPrefix: '/pypi/' }, syntheticHostilePypiJson());
    const search = await browser.newPage();
    const capture = collectConsole(search);
    await search.goto('https://pypi.org/search/?q=flask', { waitUntil: 'domcontentloaded' });
    const settled = search.locator('a.package-snippet [data-testid="trust-badge"]:not([data-level="loading"])');
    await expect.poll(() => settled.count(), { timeout: 30_000 }).toBe(20);
    await settled.first().hover();
    const ui = await readInjectedUi(search);
    expect(ui.hosts.filter((h) => h === 'pypi-trust-search-badge')).toHaveLength(20);
    expect(await canary(search)).toBeNull();
    expect(ui.forbiddenElements).toEqual([]);
    expect(ui.handlerAttributes).toEqual([]);
    expect(ui.urls).toEqual([]);
    expect(ui.bidiAt).toEqual([]);
    expect(ui.longTextAt).toEqual([]);
    expect(capture.pageErrors.map((e) => e.message)).toEqual([]);
    expect(await search.locator('a.package-snippet').count()).toBe(20);
    await search.close();
  });
});
