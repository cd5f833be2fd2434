// Layout drift (issue 10): the recorded pypi.org pages of every layout (2026 redesign, 2024–2026, a real 2023 save),
// altered so the title and/or sidebar anchors are gone — as if pypi.org changed its markup again. The content script
// must inject nothing and log nothing at error level, and the popup must still give the verdict. (The content script
// still prefetches the report at document_start, before it can see the layout: that warms the popup's answer.)
import { describe, expect, it } from 'vitest';
import type { ConsoleMessage } from 'playwright-core';
import { SELECTORS } from '../../utils/page/pypi-page';
import { collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';
import { readRecordedText } from '../support/fixtures';
import { resetExtension, serveBody, snapshotBuild } from '../support/hardening';

const { server, browser } = useExtension({ scenario: 'luigi', launch: () => ({ extensionPath: snapshotBuild('.output/chrome-mv3') }) });

const PAGES = [
  { layout: '2026 redesign', scenario: 'luigi', path: '/project/luigi/', recorded: 'pypi.org/html/reconstructed-project-luigi.html' },
  {
    layout: '2024–2026',
    scenario: 'luigi-2024',
    path: '/project/luigi/',
    recorded: 'pypi.org/html/reconstructed-project-luigi.2024-layout.html',
  },
  {
    layout: '2023 saved page',
    scenario: 'tennis-2023',
    path: '/project/tennis/0.1.2/',
    recorded: 'pypi.org/html/project-tennis-0.1.2.2023-saved.html',
  },
];

/** Renames the classes the anchors hang on, as a redesign would (every selector in SELECTORS.title / .sidebar). */
const DRIFTS = {
  'no title anchor': (html: string) =>
    html.replace(/class="banner\b/g, 'class="masthead').replace(/\b(package|project)-header__name\b/g, 'title-renamed'),
  'no sidebar anchor': (html: string) => html.replace(/\b(project-description__sidebar|vertical-tabs__tabs)\b/g, 'aside-renamed'),
  'neither anchor': (html: string) => DRIFTS['no sidebar anchor'](DRIFTS['no title anchor'](html)),
};

const NOT_RECOGNISED = '[PyPI Trust Panel] page layout not recognised';

describe.each(PAGES)('$layout page', ({ scenario, path, recorded }) => {
  it.each(Object.keys(DRIFTS) as (keyof typeof DRIFTS)[])('%s: nothing injected, no error logged', async (drift) => {
    server.useScenario(scenario);
    server.clearFaults();
    serveBody(server, { host: 'pypi.org', path }, DRIFTS[drift](readRecordedText(recorded)), 'text/html; charset=utf-8');
    const page = await browser.newPage();
    const capture = collectConsole(page);
    // The content script says, at info level, that it stood down: the sign that it ran to its end.
    const stoodDown = page.waitForEvent('console', {
      predicate: (m: ConsoleMessage) => m.text().startsWith(NOT_RECOGNISED),
      timeout: 15_000,
    });
    await page.goto(`https://pypi.org${path}`, { waitUntil: 'load' });
    const message = await stoodDown;
    expect(message.type()).toBe('info');

    // The drift really removed an anchor (else this test could pass without testing anything).
    const anchors = await page.evaluate(
      (s) => ({ title: !!document.querySelector(s.title), sidebar: !!document.querySelector(s.sidebar) }),
      SELECTORS,
    );
    expect(anchors.title && anchors.sidebar).toBe(false);

    expect(
      await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.tagName.toLowerCase().startsWith('pypi-trust')).length),
    ).toBe(0);
    expect(capture.unexpectedErrors()).toEqual([]);
    expect(capture.byLevel('error').filter((t) => !t.startsWith('Failed to load resource'))).toEqual([]);
    await page.close();
  });
});

describe('the popup on a page whose layout drifted', () => {
  it('still gives the verdict of the tab’s package', async () => {
    server.useScenario('luigi');
    server.clearFaults();
    await resetExtension(browser);
    serveBody(
      server,
      { host: 'pypi.org', path: '/project/luigi/' },
      DRIFTS['neither anchor'](readRecordedText(PAGES[0]!.recorded)),
      'text/html; charset=utf-8',
    );
    const site = await browser.newPage();
    await site.goto('https://pypi.org/project/luigi/', { waitUntil: 'load' });
    const worker = await browser.serviceWorker();
    const tabId = await worker.evaluate(
      async () =>
        (
          await (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome.tabs.query({
            url: 'https://pypi.org/project/luigi/*',
          })
        )[0]?.id,
    );
    expect(tabId).toBeTypeOf('number');

    // popup.html opened in a tab, told which tab is "current" (the popup's own test seam, see entrypoints/popup).
    const popup = await browser.newPage();
    const capture = collectConsole(popup);
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
    const current = popup.getByTestId('current-tab');
    await expect.poll(() => current.getAttribute('data-kind'), { timeout: 20_000 }).toBe('report');
    expect(await current.textContent()).toContain('luigi');
    expect(['good', 'info', 'caution', 'danger', 'unknown']).toContain(
      await current.locator('[data-fact="verdict-word"]').evaluate((el) => el.closest('[data-level]')?.getAttribute('data-level')),
    );
    expect(capture.unexpectedErrors()).toEqual([]);
    await popup.close();
    await site.close();
  });
});
