// Shared steps of the hardening e2e files (hostile data, faults, secrets, layout drift): a clean extension state per
// case, opening a project page until the verdict settles, serving bodies made at test time, and reading back every
// element and link the extension injected (inside its shadow roots), however hostile the data behind them.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from './fixtures';
import type { LaunchedBrowser } from './browser';
import type { FaultMatch, FixtureServer } from './fixture-server';

type Chrome = typeof import('wxt/browser').browser;

/**
 * A private copy of a build folder (e.g. .output/chrome-mv3), removed when the process exits. A browser loads the
 * extension from its folder lazily (CSS, pages), so a `wxt build` run meanwhile — in another terminal — would pull
 * files from under a long test file; the copy keeps the run on the build it started with.
 */
export function snapshotBuild(build: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pypi-trust-build-'));
  cpSync(join(projectRoot, build), dir, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Empty storage and a stopped service worker: nothing cached, nothing remembered in memory. */
export async function resetExtension(browser: LaunchedBrowser): Promise<void> {
  await browser.resetExtension();
}

/** Every key in the extension's storage with its value (cache entries, settings). */
export async function storageContents(browser: LaunchedBrowser): Promise<Record<string, unknown>> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.get(null));
}

/** Polls until `check` holds (usable in hooks, where expect.poll is not). */
export async function until(check: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The badge has a verdict, the panel is no longer busy and no section is still loading (the code scan is asked
 *  for after the report, so it can still be running when the verdict shows). */
export async function waitSettled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('[data-testid="trust-panel"]').waitFor({ timeout });
  await until(
    async () =>
      (await page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level')) !== 'loading' &&
      (await page.locator('[data-testid="trust-panel"]').getAttribute('aria-busy')) === 'false' &&
      (await page.locator('[data-testid="trust-panel"] [data-section][data-state="loading"]').count()) === 0,
    'the verdict to settle',
    timeout,
  );
}

export async function openProject(browser: LaunchedBrowser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitSettled(page);
  return page;
}

/**
 * Answer `match` with a body made at test time. Scenario routes take files (or inline text for errors only), so
 * synthetic success bodies go through the fault hook, which may carry any status and body.
 */
export function serveBody(server: FixtureServer, match: FaultMatch, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  server.setFault(match, { status: 200, body: text, headers: { 'content-type': contentType } });
}

export const section = (page: Page, name: string) => page.locator(`[data-section="${name}"]`).first();

export type InjectedUi = {
  /** Custom elements the content scripts added to the page (shadow hosts). */
  hosts: string[];
  /** Every URL-bearing attribute inside the shadow roots: href, src, action, formaction, xlink:href, srcdoc. */
  urls: { tag: string; attribute: string; value: string }[];
  /** Elements that must never come from data: script, iframe, object, embed, img, form, base, meta, link. */
  forbiddenElements: string[];
  /** Inline event-handler attributes (on*). */
  handlerAttributes: string[];
  /** Visible text (style sheets left out). */
  text: string;
  /** Where text carrying a bidirectional control character sits: "tag.class" of its parent element. */
  bidiAt: string[];
  /** Where a single text run longer than 1,000 characters sits ("tag.class"): remote text that was not truncated. */
  longTextAt: string[];
};

/** Reads everything the extension injected: the shadow roots of its UI hosts (open roots, created by WXT). */
export async function readInjectedUi(page: Page): Promise<InjectedUi> {
  return page.evaluate(() => {
    const hosts = [...document.querySelectorAll('*')].filter((el) => el.tagName.toLowerCase().startsWith('pypi-trust'));
    const result: InjectedUi = {
      hosts: hosts.map((h) => h.tagName.toLowerCase()),
      urls: [],
      forbiddenElements: [],
      handlerAttributes: [],
      text: '',
      bidiAt: [],
      longTextAt: [],
    };
    const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
    const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'background'];
    for (const host of hosts) {
      const root = host.shadowRoot;
      if (!root) continue;
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed', 'img', 'form', 'base', 'meta', 'link', 'frame'].includes(tag))
          result.forbiddenElements.push(tag);
        for (const attr of el.getAttributeNames()) {
          if (URL_ATTRIBUTES.includes(attr.toLowerCase())) result.urls.push({ tag, attribute: attr, value: el.getAttribute(attr) ?? '' });
          if (/^on/i.test(attr)) result.handlerAttributes.push(`${tag}[${attr}]`);
        }
      }
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent?.closest('style')) continue;
        const text = node.nodeValue ?? '';
        result.text += text;
        const where = `${parent?.tagName.toLowerCase()}.${parent?.className}${parent?.closest('[data-fact]') ? `@${parent.closest('[data-fact]')!.getAttribute('data-fact')}` : ''}`;
        if (BIDI.test(text)) result.bidiAt.push(where);
        if (text.length > 1000) result.longTextAt.push(where);
      }
    }
    return result;
  });
}

/** Click every "show more" and open every collapsed <details> in the injected UI, so all remote text is on screen. */
export async function expandEverything(page: Page): Promise<number> {
  let clicked = 0;
  // The sections (and each finding's "why") are closed <details>: open them first, so their toggles can be clicked.
  const openDetails = () =>
    page
      .locator('[data-testid="trust-panel"] details:not([open]) > summary')
      .evaluateAll((els) => els.forEach((s) => (s as HTMLElement).click()));
  for (let round = 0; round < 3; round += 1) await openDetails();
  for (let round = 0; round < 5; round += 1) {
    const more = page.locator('[data-testid="trust-panel"] button[aria-expanded="false"]');
    const count = await more.count();
    if (count === 0) break;
    for (let i = 0; i < count; i += 1) {
      await more.first().click({ timeout: 5_000 });
      clicked += 1;
    }
  }
  await openDetails();
  return clicked;
}
