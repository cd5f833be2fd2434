// The toolbar button wears the verdict of the pypi.org project page its tab shows: a short text and a colour
// on the button, the verdict's word and the package in its title (the button's accessible name). Per tab, with
// the tabId the content script's message came from: no permission beyond what the extension holds.
//
// When it goes away (facts this relies on):
// - Chromium clears every tab-specific action value (badge text, colours, title) when the tab's main frame
//   commits a new document (ExtensionActionRunner::DidFinishNavigation → ExtensionActionAPI::ClearAllValuesForTab;
//   same-document navigations such as pypi.org's #history tabs keep them), and when the tab closes.
// - Firefox (browserAction in MV2, action in MV3): "The text is reset when the user navigates this tab to a new
//   page" (MDN, browserAction.setBadgeText, tabId).
// - The page's pagehide says it is leaving (pageHidden), for a browser that would keep it; a page restored from
//   the back/forward cache runs no content script again and says pageShown instead.
// - A report that arrives after its page has gone must not land on the next one: before setting, the tab's URL
//   (tabs.get, readable for pypi.org through the host permission, without the `tabs` permission) must still be
//   that project's page. The URL of any other site is hidden from us, so it never matches.
import type { RemovedCheck } from '../contract/messages';
import type { Report, VerdictLevel } from '../contract/report';
import { verdictWord } from '../contract/levels';
import { normalizePackageName } from '../lib/package-name';

/** What the badge needs of `browser.action` (MV3) or `browser.browserAction` (Firefox MV2); both have these. */
export type ToolbarAction = {
  setBadgeText(details: { text: string; tabId: number }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string; tabId: number }): Promise<void>;
  setTitle(details: { title: string; tabId: number }): Promise<void>;
  /** Chrome ≥ 110, Firefox ≥ 63; without it Chrome draws white, Firefox black or white by contrast. */
  setBadgeTextColor?(details: { color: string; tabId: number }): Promise<void>;
};

type Project = { name: string; version?: string };

/** The button's own title (manifest `action.default_title`), which the tab's title starts with. */
export const TOOLBAR_TITLE = 'PyPI Trust Panel';

/**
 * Badge text is drawn by the browser in its UI font and fits about four characters: ASCII only, and a different
 * text per level so that colour is never the only signal (the marks echo the panel's icons). The colours are the
 * panel's level colours (components/shared/styles.css), each with white text at 4.5:1 or more.
 */
export const TOOLBAR_BADGES: Record<VerdictLevel, { text: string; color: string }> = {
  good: { text: 'OK', color: '#148024' },
  info: { text: 'i', color: '#006dad' },
  unknown: { text: '?', color: '#666666' },
  caution: { text: '!', color: '#b35c00' },
  danger: { text: 'X', color: '#c92c2c' },
};
const BADGE_TEXT_COLOR = '#ffffff';

/** What the button shows of a report. */
export type ShownReport = Pick<Report, 'verdict' | 'package'>;

/** Longer headlines are cut: the title is a tooltip. */
const MAX_HEADLINE = 200;

/** "PyPI Trust Panel — Caution: requests 2.31.0. <headline>" */
export function toolbarTitle(report: ShownReport): string {
  const { verdict } = report;
  const level = TOOLBAR_BADGES[verdict.level] ? verdict.level : 'unknown';
  const headline = verdict.headline.length > MAX_HEADLINE ? `${verdict.headline.slice(0, MAX_HEADLINE - 1)}…` : verdict.headline;
  const version = report.package.viewedVersion ? ` ${report.package.viewedVersion}` : '';
  return `${TOOLBAR_TITLE} — ${verdictWord(level)}: ${report.package.name}${version}. ${headline}`;
}

/**
 * pypi.org's 404 page of a project OSV records as malicious (the page's banner, RemovedBanner): danger on the button
 * too. Null when there is no record to show (a name that was never on PyPI, or a check that found nothing).
 */
export function removedShown(check: RemovedCheck): ShownReport | null {
  if (check.malicious.length === 0) return null;
  const ids = check.malicious.map((m) => m.id).join(', ');
  return {
    verdict: { level: 'danger', headline: `Removed from PyPI; OSV records it as malicious (${ids})` },
    package: { name: check.name, normalizedName: check.normalizedName, viewedVersion: '', latestVersion: null },
  };
}

export type ToolbarBadgeDeps = {
  /** Absent where the browser has no toolbar action (then nothing is shown). */
  action: ToolbarAction | undefined;
  /** The project page the tab shows now, or null (another site, another page, a closed tab). */
  projectInTab: (tabId: number) => Promise<Project | null>;
};

export function createToolbarBadge(deps: ToolbarBadgeDeps) {
  const { action } = deps;

  async function paint(tabId: number, badge: { text: string; color: string }, title: string) {
    if (!action) return;
    await Promise.all([
      action.setBadgeText({ text: badge.text, tabId }),
      action.setBadgeBackgroundColor({ color: badge.color, tabId }),
      action.setBadgeTextColor?.({ color: BADGE_TEXT_COLOR, tabId }),
      action.setTitle({ title, tabId }),
    ]);
  }

  return {
    /** Shows the report's verdict on tab `tabId`, when the tab still shows `page` (the page the report was asked for). */
    async show(tabId: number, page: Project, report: ShownReport): Promise<boolean> {
      if (!action) return false;
      const now = await deps.projectInTab(tabId).catch(() => null);
      if (!now || normalizePackageName(now.name) !== normalizePackageName(page.name) || now.version !== page.version) return false;
      const badge = TOOLBAR_BADGES[report.verdict.level] ?? TOOLBAR_BADGES.unknown;
      await paint(tabId, badge, toolbarTitle(report)).catch(() => undefined);
      return true;
    },
    /** The tab left its project page: the button is the extension's own again. */
    async clear(tabId: number): Promise<void> {
      if (!action) return;
      await Promise.all([action.setBadgeText({ text: '', tabId }), action.setTitle({ title: TOOLBAR_TITLE, tabId })]).catch(
        () => undefined,
      );
    },
  };
}

export type ToolbarBadge = ReturnType<typeof createToolbarBadge>;
