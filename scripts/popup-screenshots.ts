// Screenshots of the toolbar popup for docs/popup.md, from the popup scenario's recorded answers:
//   npx wxt build && npx tsx scripts/popup-screenshots.ts   (POPUP_E2E_EXTENSION=<dir> for another build)
// Offline: the fixture server answers every upstream; writes docs/screenshots/popup-*.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { projectFixturePath, projectRoot } from '../test/support/fixtures';

const OUT = join(projectRoot, 'docs', 'screenshots');

async function shoot(page: Page, name: string) {
  const file = join(OUT, `popup-${name}.png`);
  await page.locator('.pp-popup').screenshot({ path: file });
  console.log(`wrote ${file}`);
}

async function main() {
  const server = await startFixtureServer({ scenario: 'popup' });
  const browser = await launchBrowser({ server, extensionPath: process.env.POPUP_E2E_EXTENSION, viewport: { width: 400, height: 1400 } });
  try {
    const site = await browser.newPage();
    await site.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await site.locator('[data-testid="trust-panel"][aria-busy="false"]').waitFor({ timeout: 20_000 });
    const sw = await browser.serviceWorker();
    const tabId = await sw.evaluate(
      async () =>
        (
          await (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome.tabs.query({
            url: 'https://pypi.org/project/luigi/*',
          })
        )[0]?.id,
    );
    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.locator('[data-testid="current-tab"][data-kind="report"]').waitFor();
    await shoot(popup, 'current-tab');

    await popup.getByLabel('Look up a PyPI package').fill('0requests');
    await popup.getByRole('button', { name: 'Look up' }).click();
    await popup.getByTestId('not-on-pypi').waitFor();
    await shoot(popup, 'lookup-malicious');

    await popup.getByRole('tab', { name: 'Requirements' }).click();
    await popup.getByLabel('requirements.txt or pip freeze output').fill(readFileSync(projectFixturePath('requirements-30.txt'), 'utf8'));
    await popup.getByRole('button', { name: 'Check', exact: true }).click();
    await popup.getByTestId('requirements-table').waitFor({ timeout: 30_000 });
    await shoot(popup, 'requirements');

    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByLabel('Personal access token').fill(`ghp_${'x'.repeat(36)}`);
    await popup.getByRole('button', { name: 'Check and save' }).click();
    await popup.getByTestId('token-message').waitFor();
    await shoot(popup, 'settings');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
