// The background service: one Http (with the storage-backed cache), the settings, and the handlers
// behind the message contract. Created once by entrypoints/background.ts; unit-tested with fakes.
import type { ScanEngine } from './build/scan-engine';
import {
  addDependencies,
  type BuildDeps,
  deferredSection,
  withSections,
  buildBadges,
  buildReport,
  buildReportStages,
  type ReportRequest,
} from './build';
import type { PageHints, Report } from '../contract/report';
import { checkGithubToken } from '../sources/github-rate-limit';
import { type CacheStore, Http, type KeyValueArea, StorageCache } from '../sources/http';
import { applyPatch, type Settings, type StoredSettingsPatch, toPublicSettings } from '../contract/settings';
import { loadSettings, saveSettings } from './settings-store';
import { MINUTE_MS } from '../lib/time';
import { createMessageHandler, type Sender, UserFacingError } from './handler';
import { lookupPackage } from './lookup';
import { checkRequirements } from './requirements-check';
import { TabReports } from './tab-reports';
import { PrefetchedReports } from './prefetch';
import { createOwnershipMemory } from './ownership-memory';
import { checkRemovedPackage } from './removed-package';
import { createTopListLoader } from './top-list';
import { createToolbarBadge, removedShown, type ToolbarAction } from './toolbar-badge';

export type BackgroundDeps = {
  storage: KeyValueArea;
  /** The response cache; default: in `storage` (the extension's entrypoint passes IndexedDB, see idb-cache.ts). */
  cache?: CacheStore;
  extensionId: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** The URL of a tab (browser.tabs.get), for the popup's "current tab" verdict. */
  tabs?: { get(tabId: number): Promise<{ url?: string }> };
  /** pypi.org's project URL parser (utils/page/, given by the entrypoint: the background reads no pages). */
  projectOfUrl?: (url: string) => { name: string; version?: string } | null;
  /** The toolbar button (browser.action, or browserAction in Firefox MV2): it shows the tab's verdict. */
  action?: ToolbarAction;
  /** Where archives are scanned: the entrypoint's worker (scan-hosts.ts); without it, in-thread. */
  scanner?: ScanEngine;
};

export function createBackground(deps: BackgroundDeps) {
  const now = deps.now ?? (() => Date.now());
  const scanner = deps.scanner;
  const http = new Http({ cache: deps.cache ?? new StorageCache(deps.storage), fetch: deps.fetch, now });
  let settingsPromise: Promise<Settings> | null = null;
  // The typosquat list stays here, in memory, once loaded; content scripts never hold it.
  const identity = { topList: createTopListLoader(http, now), ownership: createOwnershipMemory(deps.storage) };

  async function settings(): Promise<Settings> {
    settingsPromise ??= loadSettings(deps.storage);
    const current = await settingsPromise;
    http.ttlOverrideMs = current.cacheTtlMinutes === null ? null : current.cacheTtlMinutes * MINUTE_MS;
    return current;
  }

  /** What every build is given: the same Http, the current settings, the clock and the identity memories. */
  async function buildDeps(): Promise<BuildDeps> {
    return { http, settings: await settings(), now, identity, scanner };
  }

  // Read now: a worker usually starts because a message arrived, and its handler needs them first.
  void settings().catch(() => undefined);

  // Reports remembered per tab, for the popup; forgotten when settings or the cache change under them.
  const tabReports = new TabReports();
  // Builds started by a page's prefetch (document_start), joined by that page's getReport.
  const prefetched = new PrefetchedReports(now);
  const toolbar = createToolbarBadge({
    action: deps.action,
    projectInTab: async (tabId) => {
      const tab = await deps.tabs?.get(tabId);
      return tab?.url ? (deps.projectOfUrl?.(tab.url) ?? null) : null;
    },
  });

  /** A page's report: remembered for its tab (the popup shows it) and its verdict put on the toolbar button. */
  function rememberForTab(tabId: number | undefined, page: { name: string; version?: string }, report: Report) {
    if (tabId === undefined || tabId < 0) return;
    tabReports.remember(tabId, page.name, page.version, report);
    void toolbar.show(tabId, { name: page.name, version: page.version }, report);
  }

  /** Rejects with a UserFacingError, the settings unchanged, when storage refuses the write. */
  async function updateSettings(patch: StoredSettingsPatch) {
    const next = applyPatch(await settings(), patch);
    await saveSettings(deps.storage, next);
    settingsPromise = Promise.resolve(next);
    await settings();
    tabReports.clear();
    prefetched.clear();
    return toPublicSettings(next);
  }

  /** A page's report (getReport, scanCode, getDependencies), remembered for its tab so the popup can show it. */
  async function reportForTab(message: Pick<ReportRequest, 'name' | 'version' | 'pageHints'>, sender: Sender, code: ReportRequest['code']) {
    const request = { name: message.name, version: message.version, pageHints: message.pageHints, code };
    const report = await buildReport(await buildDeps(), request);
    rememberForTab(sender.tab?.id, message, report);
    return report;
  }

  /**
   * A deferred section (code checks or dependency graph) added to the report remembered for the sender's tab,
   * or null when there is none. Each arrives on its own message; whichever is later is added to the latest
   * report of that page view, so its answer carries both (recall, judge and remember run in one task).
   */
  async function addToTabReport(
    message: { name: string; version?: string },
    sender: Sender,
    section: 'code' | 'dependencies',
    allowLarge: boolean,
  ): Promise<Report | null> {
    const tabId = sender.tab?.id;
    if (tabId === undefined || tabId < 0) return null;
    const remembered = tabReports.recall(tabId, message.name, message.version);
    if (!remembered) return null;
    const current = await buildDeps();
    const value = await deferredSection(current, remembered, { name: message.name, allowLarge }, section);
    const latest = tabReports.recall(tabId, message.name, message.version) ?? remembered;
    if (!value) return latest;
    const report = await withSections(current, latest, { [section]: value } as Partial<Pick<Report, 'code' | 'dependencies'>>);
    rememberForTab(tabId, message, report);
    return report;
  }

  /**
   * Starts a page view's build, joined later by its getEarlyReport and getReport (which bring the hints); when the
   * tab's navigation already started it, the build running is kept (one build per page view).
   */
  async function startPrefetch(message: { name: string; version?: string }, sender: Sender) {
    const current = await buildDeps();
    const build = (pageHints: Promise<PageHints | undefined>) =>
      buildReportStages(current, { name: message.name, version: message.version, pageHints, code: { mode: 'start' } });
    const key = PrefetchedReports.key(sender.tab?.id, message.name, message.version);
    if (key) prefetched.start(key, build);
    else void build(Promise.resolve(undefined)).report.catch(() => undefined);
  }

  /**
   * A tab began loading a pypi.org project page (webRequest, before any of its HTML is back): start its build now,
   * for the page's prefetch and getReport to join. After idle this is what wakes the worker, one round-trip before
   * the page's document_start would. Only project pages of a tab (a search page's load only wakes the worker: false);
   * the URL is parsed as the content script parses it.
   */
  async function navigationStarted(navigation: { url: string; tabId: number }) {
    if (navigation.tabId < 0) return false;
    const ref = deps.projectOfUrl?.(navigation.url) ?? null;
    if (!ref) return false;
    await startPrefetch({ name: ref.name, version: ref.version }, { tab: { id: navigation.tabId } });
    return true;
  }

  const handle = createMessageHandler(deps.extensionId, {
    // The page will ask scanCode next: start the downloads now, without making this answer wait.
    getReport: async (message, sender) => {
      // The build this page's prefetch started, given the hints it was waiting for (else a new one).
      const joined = prefetched.take(PrefetchedReports.key(sender.tab?.id, message.name, message.version), message.pageHints);
      const report = joined ? await joined.catch(() => null) : null;
      if (!report) return reportForTab(message, sender, { mode: 'start' });
      rememberForTab(sender.tab?.id, message, report);
      return report;
    },
    prefetch: async (message, sender) => {
      // Answer at once; the build runs on while the page loads, and the page's getReport joins it.
      await startPrefetch(message, sender);
      return { started: true };
    },
    getEarlyReport: async (message, sender) => {
      const key = PrefetchedReports.key(sender.tab?.id, message.name, message.version);
      if (key === null) {
        const request = { name: message.name, version: message.version, pageHints: message.pageHints };
        return buildReportStages(await buildDeps(), request).early;
      }
      // Normally the prefetch started the build; without one (it failed, or is too old) start it now, for
      // the getReport that follows to join.
      const joined = prefetched.early(key, message.pageHints);
      if (joined) return joined;
      await startPrefetch(message, sender);
      return prefetched.early(key, message.pageHints)!;
    },
    scanCode: async (message, sender) => {
      const allowLarge = message.allowLarge ?? false;
      // The page asks right after its report: add the code checks to that report instead of building it again
      // (which would ask every upstream whose answer could not be cached, such as one that just failed, again).
      return (await addToTabReport(message, sender, 'code', allowLarge)) ?? reportForTab(message, sender, { mode: 'wait', allowLarge });
    },
    getDependencies: async (message, sender) => {
      const added = await addToTabReport(message, sender, 'dependencies', false);
      if (added) return added;
      // No report of this page view (another tab, the popup): the report without the downloads, then the graph.
      const current = await buildDeps();
      const report = await addDependencies(
        current,
        await buildReport(current, { name: message.name, version: message.version, pageHints: message.pageHints }),
        {
          name: message.name,
        },
      );
      rememberForTab(sender.tab?.id, message, report);
      return report;
    },
    getBadges: async (message) => buildBadges(await buildDeps(), message.names, message.shown),
    getSettings: async () => toPublicSettings(await settings()),
    setSettings: async (message) => updateSettings(message.patch),
    clearCache: async () => {
      tabReports.clear();
      prefetched.clear();
      return { removed: await http.clearCache() };
    },
    lookup: async (message) => lookupPackage(await buildDeps(), message),
    getActiveVerdict: async (message) => {
      const tab = await deps.tabs?.get(message.tabId).catch(() => null);
      const ref = tab?.url ? (deps.projectOfUrl?.(tab.url) ?? null) : null;
      if (!ref) return { kind: 'not-pypi' };
      const remembered = tabReports.recall(message.tabId, ref.name, ref.version);
      if (remembered) return { kind: 'report', name: ref.name, version: ref.version, report: remembered, remembered: true };
      // The panel's report was not kept (the worker restarted): the same requests, answered by the cache.
      const report = await buildReport(await buildDeps(), { name: ref.name, version: ref.version });
      return { kind: 'report', name: ref.name, version: ref.version, report, remembered: false };
    },
    checkRequirements: async (message) => checkRequirements(await buildDeps(), message.requirements),
    checkRemoved: async (message, sender) => {
      const check = await checkRemovedPackage(await buildDeps(), message.name);
      // The 404 page's banner says danger: so does the tab's toolbar button (still only while the tab shows that page).
      const shown = removedShown(check);
      const tabId = sender.tab?.id;
      if (shown && tabId !== undefined && tabId >= 0) void toolbar.show(tabId, { name: message.name }, shown);
      return check;
    },
    // Back from the back/forward cache: the navigation cleared the button; the page's report is remembered.
    pageShown: async (message, sender) => {
      const tabId = sender.tab?.id;
      const report = tabId !== undefined && tabId >= 0 ? tabReports.recall(tabId, message.name, message.version) : null;
      return { shown: report ? await toolbar.show(tabId!, { name: message.name, version: message.version }, report) : false };
    },
    pageHidden: async (_message, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined || tabId < 0) return { cleared: false };
      await toolbar.clear(tabId);
      return { cleared: true };
    },
    validateToken: async (message) => {
      const verdict = await checkGithubToken(http, message.token);
      if (!verdict.ok) return { valid: false, reason: verdict.reason, settings: toPublicSettings(await settings()) };
      try {
        const stored = await updateSettings({ githubToken: message.token });
        return { valid: true, ...verdict.quota, settings: stored };
      } catch (error) {
        if (!(error instanceof UserFacingError)) throw error;
        const reason = `GitHub accepted the token, but it was not saved: ${error.message}`;
        return { valid: false, reason, settings: toPublicSettings(await settings()) };
      }
    },
  });

  return {
    http,
    handle: (message: unknown, sender: Sender) => handle(message, sender),
    navigationStarted,
  };
}
