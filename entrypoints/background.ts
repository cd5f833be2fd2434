// Owns all network, caching, settings and the GitHub token (design §1). Thin wiring only.
import type { browser as Polyfilled } from 'wxt/browser';
import { createBackground } from '../utils/background/service';
import { exposeVerifierSelfTest } from '../utils/analysis/provenance/self-test';
import { parseProjectUrl } from '../utils/page/pypi-page';
import { platformScanEngine, type ClientsApi, type OffscreenApi } from '../utils/background/scan-hosts';
import { WORKER_READY_MARK } from '../utils/contract/marks';
import { PreferIdbCache, removeStoredCacheEntries, StorageCache } from '../utils/sources/http';

/** What the polyfill does not wrap: chrome.offscreen and the service worker's clients (Chrome MV3 only). */
type ChromeScanApis = { chrome?: { offscreen?: OffscreenApi }; clients?: ClientsApi };

/** Chrome's StorageArea.setAccessLevel; Firefox has none (there content scripts can read storage.local). */
type WithAccessLevel = { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

/**
 * The extension API without webextension-polyfill: importing it copies every property of the API object into a
 * module namespace at start, which makes Chromium build every API's bindings (≈ 10 ms of a worker's start). What the
 * background uses is promise-based natively in both builds (Chrome MV3's `chrome`, Firefox's `browser`); the one
 * difference, a listener's answer, is given through sendResponse.
 */
type NativeApi = typeof Polyfilled & {
  runtime: { onMessage: { addListener(listener: (message: unknown, sender: never, reply: (answer: unknown) => void) => true): void } };
};
const globals = globalThis as unknown as { browser?: NativeApi; chrome?: NativeApi };
const browser: NativeApi = (globals.browser?.runtime?.id ? globals.browser : globals.chrome)!;

/**
 * The navigations that wake this worker early: the pages the content scripts match. A project page's report starts
 * from its URL; a search page's names are known only from its HTML, so there the wake itself is the head start.
 */
const PAGES = ['https://pypi.org/project/*', 'https://pypi.org/search/*'];

export default defineBackground(() => {
  // Content scripts share the hostile page's renderer: keep the token and the cache out of their reach.
  void (browser.storage.local as WithAccessLevel).setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);
  // The cache lives in IndexedDB (a working set of hundreds of projects, no permission); extension storage only if it fails.
  const cache = new PreferIdbCache(globalThis.indexedDB, () => new StorageCache(browser.storage.local));
  // Opened now, beside the settings read: the first request's cache lookup would otherwise wait for it.
  void cache.kind().catch(() => undefined);
  // Versions before 0.1.0's IndexedDB cache kept it in storage.local: free that space once, on update.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'update') return;
    void cache
      .kind()
      .then((kind) => (kind === 'indexeddb' ? removeStoredCacheEntries(browser.storage.local) : 0))
      .catch(() => undefined);
  });
  const service = createBackground({
    storage: browser.storage.local,
    cache,
    extensionId: browser.runtime.id,
    tabs: { get: (tabId) => browser.tabs.get(tabId) },
    projectOfUrl: parseProjectUrl,
    // MV3 (Chrome) has `action`; the Firefox build is MV2, where the same button is `browserAction`.
    action: browser.action ?? browser.browserAction,
    // The code scan runs in a worker: Chrome's offscreen document hosts it, Firefox's background page starts it.
    scanner: platformScanEngine(
      {
        getURL: (path) => (browser.runtime.getURL as (path: string) => string)(path),
        offscreen: (globalThis as ChromeScanApis).chrome?.offscreen,
        clients: (globalThis as ChromeScanApis).clients,
        Worker: typeof Worker === 'function' ? Worker : undefined,
      },
      () => Date.now(),
    ),
  });
  browser.runtime.onMessage.addListener((message, sender, reply) => {
    void service.handle(message, sender).then(reply);
    return true;
  });
  // A tab starting to load a project or search page wakes this worker (after idle) one round-trip before the page's
  // own script could, and a project page's report starts then: observe only, never block; those pages, nothing else.
  browser.webRequest?.onBeforeRequest.addListener(
    (details) => {
      if (details.method === 'GET') void service.navigationStarted({ url: details.url, tabId: details.tabId }).catch(() => undefined);
      return undefined;
    },
    { urls: PAGES, types: ['main_frame'] },
  );
  exposeVerifierSelfTest(globalThis);
  // When the worker could first answer (DevTools' timeline, and the bench's "bundle evaluated" figure).
  performance.mark(WORKER_READY_MARK);
});
