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
  const deadline = Date.now() + timeout;
  const left = () => Math.max(1, deadline - Date.now());
  // Looked up again on every turn: if the report replaced the section just clicked, the new one is opened too.
  for (;;) {
    await section.waitFor({ state: 'attached', timeout: left() });
    if (await section.evaluate((el) => (el as HTMLDetailsElement).open).catch(() => false)) return;
    if (Date.now() >= deadline) throw new Error(`the ${id} section did not open within ${timeout} ms`);
    await section
      .locator('summary.tp-section__summary')
      .first()
      .click({ timeout: Math.min(left(), 5_000) })
      .catch(() => undefined);
    await page.waitForTimeout(50);
  }
}
