// Screenshots of the toolbar popup, from the popup scenario's recorded answers. `npm run demo` takes them into demo/;
//   npx wxt build && npx tsx scripts/popup-screenshots.ts   (POPUP_E2E_EXTENSION=<dir> for another build)
// writes them into docs/screenshots/popup-*.png. Offline: the fixture server answers every upstream.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { projectFixturePath, projectRoot } from '../test/support/fixtures';

const OUT = join(projectRoot, 'docs', 'screenshots');

async function shoot(page: Page, outDir: string, name: string) {
  const file = join(outDir, `popup-${name}.png`);
  await page.locator('.pp-popup').screenshot({ path: file });
  console.log(`wrote ${file}`);
}

/** `withoutStandIns`: stand-ins that would show another package's data answer "not recorded" (the demo's rule). */
export async function takePopupScreenshots(outDir: string, options: { withoutStandIns?: boolean } = {}): Promise<void> {
  const server = await startFixtureServer({ scenario: 'popup', withoutStandIns: options.withoutStandIns });
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
    await shoot(popup, outDir, 'current-tab');

    await popup.getByLabel('Look up a PyPI package').fill('0requests');
    await popup.getByRole('button', { name: 'Look up' }).click();
    await popup.getByTestId('not-on-pypi').waitFor();
    await shoot(popup, outDir, 'lookup-malicious');

    await popup.getByRole('tab', { name: 'Requirements' }).click();
    await popup.getByLabel('requirements.txt or pip freeze output').fill(readFileSync(projectFixturePath('requirements-30.txt'), 'utf8'));
    await popup.getByRole('button', { name: 'Check', exact: true }).click();
    await popup.getByTestId('requirements-table').waitFor({ timeout: 30_000 });
    await shoot(popup, outDir, 'requirements');

    // A uv.lock (the project's own test input, test/fixtures/SYNTHETIC.md): its 16 PyPI pins are the same ones, so the
    // same recorded batch answers them; packages from another index, git and a path are listed as not checked.
    await popup
      .getByLabel('requirements.txt or pip freeze output')
      .fill(readFileSync(projectFixturePath('lockfile-uv-web-service.lock'), 'utf8'));
    await popup.getByRole('button', { name: 'Check', exact: true }).click();
    await popup.locator('[data-testid="requirements-status"][data-format="uv.lock"]').waitFor({ timeout: 30_000 });
    await popup.getByTestId('requirements-table').waitFor({ timeout: 30_000 });
    await shoot(popup, outDir, 'lockfile-uv');

    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByLabel('Personal access token').fill(`ghp_${'x'.repeat(36)}`);
    await popup.getByRole('button', { name: 'Check and save' }).click();
    await popup.getByTestId('token-message').waitFor();
    await shoot(popup, outDir, 'settings');
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  takePopupScreenshots(OUT, { withoutStandIns: true }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
