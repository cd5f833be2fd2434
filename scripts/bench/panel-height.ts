// The panel at a glance (issue 19): the height of the verdict + summary (the promise: within 420 px in the
// 1366×768 sidebar) and of the whole panel, on the recorded luigi and aiohttp 3.12.15 pages. A layout figure,
// measured once per page (it does not vary run to run); the e2e test test/e2e/summary.test.ts holds the 420.
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer } from '../../test/support/fixture-server';
import { single, type Figure } from './figures';

export const SUMMARY_GOAL_PX = 420;

const PAGES = [
  { scenario: 'luigi', url: 'https://pypi.org/project/luigi/', label: 'luigi 3.6.0' },
  { scenario: 'aiohttp-3.12.15', url: 'https://pypi.org/project/aiohttp/3.12.15/', label: 'aiohttp 3.12.15' },
];

export async function benchPanelHeight(browser: LaunchedBrowser, server: FixtureServer) {
  const figures: Figure[] = [];
  const raw: Record<string, { summaryPx: number; panelPx: number }> = {};
  {
    for (const { scenario, url, label } of PAGES) {
      server.useScenario(scenario);
      await browser.resetExtension();
      const page = await browser.newPage();
      try {
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        const panel = page.locator('[data-testid="trust-panel"]');
        await panel.locator('[data-facet="code"]:not([data-state="checking"])').waitFor({ timeout: 30_000 });
        const header = (await panel.locator('.tp-header').boundingBox())!;
        const summary = (await panel.locator('[data-testid="facet-summary"]').boundingBox())!;
        const whole = (await panel.boundingBox())!;
        const summaryPx = Math.round(summary.y + summary.height - header.y);
        raw[label] = { summaryPx, panelPx: Math.round(whole.height) };
        figures.push(
          single('panel at a glance', `${label}: verdict + summary height (1366×768, sidebar)`, 'px', summaryPx, {
            op: '<=',
            target: SUMMARY_GOAL_PX,
          }),
          single('panel at a glance', `${label}: whole panel height`, 'px', Math.round(whole.height)),
        );
      } finally {
        await page.close();
      }
    }
  }
  return { figures, raw };
}
