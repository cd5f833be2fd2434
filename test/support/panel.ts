// The panel's sections are collapsible and only the worst facet's opens by itself: a test (or the demo) that clicks
// or looks inside one opens it first, as a reader would. Playwright's locators pierce the panel's open shadow root.
import type { Page } from 'playwright-core';

export type PanelSection = 'repository' | 'releases' | 'advisories' | 'provenance' | 'identity' | 'code' | 'dependencies';

/**
 * Opens a section of the page's trust panel (the first one when the page has several, e.g. the popup's) by its
 * <summary>, as a click would, and waits until it is open. Call it once the section has the state the test waits for:
 * the report replacing the loading placeholders renders new, closed sections.
 */
export async function openSection(page: Page, id: PanelSection, timeout = 30_000): Promise<void> {
  const section = page.locator(`[data-section="${id}"]`).first();
  await section.waitFor({ state: 'attached', timeout });
  if (!(await section.evaluate((el) => (el as HTMLDetailsElement).open))) {
    await section.locator('summary.tp-section__summary').first().click({ timeout });
  }
  await page.waitForFunction((el) => (el as HTMLDetailsElement).open, await section.elementHandle({ timeout }), { timeout });
}
