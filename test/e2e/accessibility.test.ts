// axe-core on the injected UI in the real page: zero serious or critical violations.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { server, browser } = useExtension({ scenario: 'luigi' });

type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: unknown }[] };

describe.each([
  ['luigi', 'https://pypi.org/project/luigi/'],
  ['aiohttp-3.12.15', 'https://pypi.org/project/aiohttp/3.12.15/'],
  ['black-21.11b0', 'https://pypi.org/project/black/21.11b0/'],
])('accessibility of the injected UI (%s)', (scenario, url) => {
  it('has no serious or critical axe violations in the panel and the badge', async () => {
    server.useScenario(scenario);
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await expect
      .poll(() => page.locator('[data-testid="trust-badge"]').first().getAttribute('data-level'), { timeout: 20_000 })
      .not.toBe('loading');
    // The panel renders a frame after the badge: check it with the report in it, not the placeholders.
    await expect
      .poll(() => page.locator('[data-testid="trust-panel"] [data-section="releases"]:not([data-state="loading"])').count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await page.addScriptTag({ content: axeSource });
    // As it opens (the worst facet's section alone open), then with every section, "why" and fold open.
    for (const layout of ['as opened', 'everything open'] as const) {
      if (layout === 'everything open') {
        await page
          .locator('[data-testid="trust-panel"] details:not([open]) > summary')
          .evaluateAll((els) => els.forEach((s) => (s as HTMLElement).click()));
        await page
          .locator('[data-testid="trust-panel"] details:not([open]) > summary')
          .evaluateAll((els) => els.forEach((s) => (s as HTMLElement).click()));
        expect(await page.locator('[data-testid="trust-panel"] details:not([open])').count()).toBe(0);
      }
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeResult[] }> } }).axe;
        const result = await axe.run({ include: [['pypi-trust-panel'], ['pypi-trust-badge']] }, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.length,
          targets: JSON.stringify(v.nodes.map((n) => (n as { target: unknown; html?: string }).html ?? n.target)).slice(0, 400),
        }));
      });
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);
      console.log(
        `axe ${scenario} (${layout}): ${violations.length} violations (${violations.map((v) => `${v.id}:${v.impact}`).join(', ') || 'none'})`,
      );
    }
    await page.close();
  });
});
