// The toolbar button's verdict: per tab, only while the tab still shows the project the report is for, cleared
// when the page leaves. A fake action API records every call.
import { describe, expect, it } from 'vitest';
import {
  TOOLBAR_BADGES,
  TOOLBAR_TITLE,
  type ShownReport,
  type ToolbarAction,
  createToolbarBadge,
  toolbarTitle,
} from '../../../../utils/background/toolbar-badge';
import { createBackground } from '../../../../utils/background/service';
import type { Reply } from '../../../../utils/contract/messages';
import type { VerdictLevel } from '../../../../utils/contract/report';
import { parseProjectUrl } from '../../../../utils/page/pypi-page';
import { readProjectFixture, readRecordedText } from '../../../support/fixtures';
import { memoryArea } from '../../../support/memory-area';

type Call = [method: string, details: Record<string, unknown>];

function fakeAction(options: { textColor?: boolean; failing?: boolean } = {}) {
  const calls: Call[] = [];
  const record = (method: string) => async (details: Record<string, unknown>) => {
    calls.push([method, details]);
    if (options.failing) throw new Error('No tab with id');
  };
  const action: ToolbarAction = {
    setBadgeText: record('setBadgeText'),
    setBadgeBackgroundColor: record('setBadgeBackgroundColor'),
    setTitle: record('setTitle'),
    ...(options.textColor === false ? {} : { setBadgeTextColor: record('setBadgeTextColor') }),
  };
  return { action, calls };
}

function report(level: VerdictLevel, headline = `Headline for ${level}`): ShownReport {
  return {
    verdict: { level, headline },
    package: { name: 'Requests', normalizedName: 'requests', viewedVersion: '2.31.0', latestVersion: '2.32.4' },
  };
}

/** Tabs and the project page each shows, as the background's tabs.get + projectOfUrl would see them. */
function tabs(urls: Record<number, string | undefined>) {
  return async (tabId: number) => {
    if (!(tabId in urls)) throw new Error(`No tab with id: ${tabId}`);
    const url = urls[tabId];
    return url ? parseProjectUrl(url) : null;
  };
}

describe('toolbar badge', () => {
  it.each<[VerdictLevel, string, string, string]>([
    ['good', 'OK', '#148024', 'Trusted'],
    ['info', 'i', '#006dad', 'Checked'],
    ['unknown', '?', '#666666', 'Unknown'],
    ['caution', '!', '#b35c00', 'Caution'],
    ['danger', 'X', '#c92c2c', 'Danger'],
  ])('%s: text %s on %s, and the word %s in the title', async (level, text, color, word) => {
    const { action, calls } = fakeAction();
    const badge = createToolbarBadge({ action, projectInTab: tabs({ 4: 'https://pypi.org/project/requests/2.31.0/' }) });
    expect(await badge.show(4, { name: 'requests', version: '2.31.0' }, report(level))).toBe(true);
    expect(calls).toEqual([
      ['setBadgeText', { text, tabId: 4 }],
      ['setBadgeBackgroundColor', { color, tabId: 4 }],
      ['setBadgeTextColor', { color: '#ffffff', tabId: 4 }],
      ['setTitle', { title: `PyPI Trust Panel — ${word}: Requests 2.31.0. Headline for ${level}`, tabId: 4 }],
    ]);
  });

  it('gives every level its own text, in ASCII (the browser draws it in its UI font)', () => {
    const texts = Object.values(TOOLBAR_BADGES).map((b) => b.text);
    expect(new Set(texts).size).toBe(5);
    for (const text of texts) expect(text).toMatch(/^[ -~]{1,4}$/);
  });

  it('matches the page by normalised name and by version (the latest page has none)', async () => {
    const { action, calls } = fakeAction();
    const badge = createToolbarBadge({
      action,
      projectInTab: tabs({ 1: 'https://pypi.org/project/Python_Dateutil/', 2: 'https://pypi.org/project/requests/' }),
    });
    expect(await badge.show(1, { name: 'python-dateutil' }, report('good'))).toBe(true);
    // Tab 2 shows the latest release's page; a report for 2.31.0's page is not its verdict.
    expect(await badge.show(2, { name: 'requests', version: '2.31.0' }, report('danger'))).toBe(false);
    expect(calls.map(([method, details]) => [method, details.tabId])).toEqual([
      ['setBadgeText', 1],
      ['setBadgeBackgroundColor', 1],
      ['setBadgeTextColor', 1],
      ['setTitle', 1],
    ]);
  });

  it('paints nothing on a tab that has moved on: another project, another site (URL hidden), a closed tab', async () => {
    const { action, calls } = fakeAction();
    const badge = createToolbarBadge({
      action,
      projectInTab: tabs({ 1: 'https://pypi.org/project/flask/', 2: undefined, 3: 'https://pypi.org/search/?q=requests' }),
    });
    for (const tabId of [1, 2, 3, 99]) expect(await badge.show(tabId, { name: 'requests' }, report('caution'))).toBe(false);
    expect(calls).toEqual([]);
  });

  it('clears to the plain button: no text, the default title', async () => {
    const { action, calls } = fakeAction();
    const badge = createToolbarBadge({ action, projectInTab: tabs({}) });
    await badge.clear(9);
    expect(calls).toEqual([
      ['setBadgeText', { text: '', tabId: 9 }],
      ['setTitle', { title: TOOLBAR_TITLE, tabId: 9 }],
    ]);
  });

  it('works without setBadgeTextColor (older browsers), and never throws when the tab closed meanwhile', async () => {
    const plain = fakeAction({ textColor: false });
    const badge = createToolbarBadge({ action: plain.action, projectInTab: tabs({ 4: 'https://pypi.org/project/requests/' }) });
    expect(await badge.show(4, { name: 'requests' }, report('good'))).toBe(true);
    expect(plain.calls.map(([method]) => method)).toEqual(['setBadgeText', 'setBadgeBackgroundColor', 'setTitle']);

    const failing = fakeAction({ failing: true });
    const closing = createToolbarBadge({ action: failing.action, projectInTab: tabs({ 4: 'https://pypi.org/project/requests/' }) });
    await expect(closing.show(4, { name: 'requests' }, report('good'))).resolves.toBe(true);
    await expect(closing.clear(4)).resolves.toBeUndefined();
  });

  it('does nothing where the browser has no toolbar action', async () => {
    const badge = createToolbarBadge({ action: undefined, projectInTab: tabs({ 4: 'https://pypi.org/project/requests/' }) });
    expect(await badge.show(4, { name: 'requests' }, report('danger'))).toBe(false);
    await expect(badge.clear(4)).resolves.toBeUndefined();
  });

  it('cuts a long headline in the title', () => {
    const title = toolbarTitle(report('caution', 'x'.repeat(500)));
    expect(title).toBe(`PyPI Trust Panel — Caution: Requests 2.31.0. ${'x'.repeat(199)}…`);
  });
});

// ---------------------------------------------------------------- through the background's message handlers

const ID = 'extension-id';
const NOW = Date.parse('2026-11-25T12:00:00Z');
const LUIGI_PAGE = 'https://pypi.org/project/luigi/';
const FROM_TAB_7 = { id: ID, url: LUIGI_PAGE, tab: { id: 7 } };

function setup(tabUrls: Record<number, string>, osvQueryBody = '{}') {
  const requests: string[] = [];
  const fetch = (async (url: string) => {
    requests.push(String(url));
    const { pathname } = new URL(String(url));
    if (pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
    if (pathname === '/v1/query') return new Response(osvQueryBody);
    return new Response('{"message":"Not Found"}', { status: 404 });
  }) as unknown as typeof globalThis.fetch;
  const { action, calls } = fakeAction();
  const background = createBackground({
    storage: memoryArea(),
    extensionId: ID,
    fetch,
    now: () => NOW,
    tabs: { get: async (tabId) => (tabId in tabUrls ? { url: tabUrls[tabId] } : Promise.reject(new Error('No tab'))) },
    projectOfUrl: parseProjectUrl,
    action,
  });
  const send = async <T>(message: unknown, sender: object = FROM_TAB_7) => {
    const reply = (await background.handle(message, sender)) as Reply<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { calls, requests, send };
}

/** The badge is painted after the page has its answer (it never delays the report): let that finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the background puts the page’s verdict on its tab’s button', () => {
  it('shows the report of the page that asked, and clears it when the page hides', async () => {
    const { calls, send } = setup({ 7: LUIGI_PAGE });
    const shown = await send<ShownReport>({ type: 'getReport', name: 'luigi' });
    await settle();
    // The recorded luigi 3.6.0 with no provenance recorded: nothing wrong, something unchecked.
    expect(shown.verdict.level).toBe('info');
    expect(calls).toEqual([
      ['setBadgeText', { text: 'i', tabId: 7 }],
      ['setBadgeBackgroundColor', { color: '#006dad', tabId: 7 }],
      ['setBadgeTextColor', { color: '#ffffff', tabId: 7 }],
      ['setTitle', { title: `PyPI Trust Panel — Checked: luigi 3.6.0. ${shown.verdict.headline}`, tabId: 7 }],
    ]);

    calls.length = 0;
    expect(await send({ type: 'pageHidden' })).toEqual({ cleared: true });
    expect(calls).toEqual([
      ['setBadgeText', { text: '', tabId: 7 }],
      ['setTitle', { title: 'PyPI Trust Panel', tabId: 7 }],
    ]);
  });

  it('back from the back/forward cache: the remembered verdict returns, with no request', async () => {
    const { calls, requests, send } = setup({ 7: LUIGI_PAGE });
    const shown = await send<ShownReport>({ type: 'getReport', name: 'luigi' });
    await settle();
    calls.length = 0;
    const before = requests.length;
    expect(await send({ type: 'pageShown', name: 'luigi' })).toEqual({ shown: true });
    expect(requests.length).toBe(before);
    expect(calls).toEqual([
      ['setBadgeText', { text: 'i', tabId: 7 }],
      ['setBadgeBackgroundColor', { color: '#006dad', tabId: 7 }],
      ['setBadgeTextColor', { color: '#ffffff', tabId: 7 }],
      ['setTitle', { title: toolbarTitle(shown), tabId: 7 }],
    ]);
    // Another version's page has no remembered report: nothing is shown.
    calls.length = 0;
    expect(await send({ type: 'pageShown', name: 'luigi', version: '3.0.0' })).toEqual({ shown: false });
    expect(calls).toEqual([]);
  });

  it("pypi.org's 404 page of a package OSV records as malicious: danger on its tab's button, as on the page", async () => {
    // The recorded MAL-2026-15859 record, as OSV's /v1/query serves it (test/fixtures/ASSEMBLED.md).
    const osv = JSON.stringify(readProjectFixture('assembled-osv-query-0requests.json'));
    const page = 'https://pypi.org/project/0requests/';
    const { calls, send } = setup({ 7: page }, osv);
    await send({ type: 'checkRemoved', name: '0requests' }, { id: ID, url: page, tab: { id: 7 } });
    await settle();
    expect(calls).toEqual([
      ['setBadgeText', { text: 'X', tabId: 7 }],
      ['setBadgeBackgroundColor', { color: '#c92c2c', tabId: 7 }],
      ['setBadgeTextColor', { color: '#ffffff', tabId: 7 }],
      [
        'setTitle',
        { title: 'PyPI Trust Panel — Danger: 0requests. Removed from PyPI; OSV records it as malicious (MAL-2026-15859)', tabId: 7 },
      ],
    ]);
  });

  it('a 404 page with no malicious record leaves the button alone', async () => {
    const page = 'https://pypi.org/project/fizzbuzz/';
    const { calls, send } = setup({ 7: page });
    await send({ type: 'checkRemoved', name: 'fizzbuzz' }, { id: ID, url: page, tab: { id: 7 } });
    await settle();
    expect(calls).toEqual([]);
  });

  it('a report that arrives after its tab went to another site paints nothing', async () => {
    const { calls, send } = setup({ 7: 'https://example.com/' });
    await send({ type: 'getReport', name: 'luigi' });
    await settle();
    expect(calls).toEqual([]);
  });

  it('the popup (no tab) and its lookups never touch the button', async () => {
    const { calls, send } = setup({ 7: LUIGI_PAGE });
    const popup = { id: ID, url: `chrome-extension://${ID}/popup.html` };
    await send({ type: 'lookup', name: 'luigi' }, popup);
    expect(await send({ type: 'pageHidden' }, popup)).toEqual({ cleared: false });
    await settle();
    expect(calls).toEqual([]);
  });
});
