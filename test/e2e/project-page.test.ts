// The panel on recorded pypi.org project pages, through the real extension in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as z from 'zod/mini';
import { normaliseReleaseFacts, PypiJson } from '../../utils/sources/pypi-json';
import { launchBrowser, collectConsole, type LaunchedBrowser } from '../support/browser';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { readRecorded } from '../support/fixtures';

let server: FixtureServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startFixtureServer({ scenario: 'luigi' });
  browser = await launchBrowser({ server });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const luigi = normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/luigi.json')), null);

async function openPanel(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const panel = page.locator('[data-testid="trust-panel"]');
  await panel.waitFor({ timeout: 20_000 });
  await page.locator('[data-section="releases"][data-state="ok"], [data-section="releases"][data-state="error"]').waitFor({ timeout: 20_000 });
  return panel;
}

const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"]`).first();

describe.each([
  ['luigi', 'current (2026) layout'],
  ['luigi-2024', '2024–2026 layout'],
])('luigi project page, %s scenario (%s)', (scenario) => {
  it('shows the badge beside the title and Releases figures equal to the recorded JSON', async () => {
    server.useScenario(scenario);
    const page = await browser.newPage();
    const console = collectConsole(page);
    await openPanel(page, 'https://pypi.org/project/luigi/');
    const badge = page.locator('.banner h1 [data-testid="trust-badge"]');
    await expect.poll(() => badge.getAttribute('data-level'), { timeout: 20_000 }).not.toBe('loading');
    expect(await fact(page, 'release-count').textContent()).toContain(String(luigi.releaseCount));
    expect(await fact(page, 'latest-version').textContent()).toContain('3.6.0');
    expect(await fact(page, 'first-upload').getAttribute('datetime')).toBe(luigi.firstUploadAt);
    expect(await fact(page, 'latest-upload').getAttribute('datetime')).toBe(luigi.latestUploadAt);
    expect(await fact(page, 'yanked-count').textContent()).toContain('0');
    expect(console.pageErrors).toEqual([]);
    await page.close();
  });
});
