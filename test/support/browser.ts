// Debian Chromium with the built extension, every upstream host mapped to the fixture server and every other host
// unresolvable (TOOLING.md, "End-to-end in Chromium"). One fresh user-data-dir per launch, removed on close.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type ConsoleMessage, type Page, type Worker } from 'playwright-core';
import { UPSTREAM_HOSTS } from '../../utils/contract/hosts';
import { projectRoot } from './fixtures';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEFAULT_EXTENSION_PATH = '.output/chrome-mv3';

export interface LaunchOptions {
  /** Anything with hostResolverRules(), normally a FixtureServer. */
  server: { hostResolverRules(): string };
  /** Built extension folder; relative paths resolve from the project root. */
  extensionPath?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Extra Chromium flags, appended. */
  args?: string[];
}

export interface LaunchedBrowser {
  context: BrowserContext;
  extensionId: string;
  extensionPath: string;
  userDataDir: string;
  /** The extension's service worker; wakes it if it stopped after being idle. */
  serviceWorker(): Promise<Worker>;
  /** Stop the service worker now (as after ~30 s idle); serviceWorker() starts it again. */
  stopServiceWorker(): Promise<void>;
  /**
   * Empty extension storage and a stopped worker: nothing cached, nothing in memory. The worker is stopped
   * first, so cache writes it still had queued (Http writes 150 ms behind the answers) die with it instead of
   * landing in the emptied storage; it is not started again to clear.
   */
  resetExtension(): Promise<void>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The service-worker script named in the built manifest (e.g. "background.js"). */
function serviceWorkerScript(extensionPath: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'manifest.json'), 'utf8')) as {
    manifest_version?: number;
    background?: { service_worker?: string };
  };
  const script = manifest.background?.service_worker;
  if (manifest.manifest_version !== 3 || !script) {
    throw new Error(`${extensionPath}/manifest.json is not an MV3 manifest with background.service_worker`);
  }
  return script.replace(/^\.?\//, '');
}

/** The response cache's IndexedDB database (utils/sources/http/idb-cache.ts). */
export const CACHE_DB_NAME = 'pypi-trust-panel-cache';

export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const requested = options.extensionPath ?? DEFAULT_EXTENSION_PATH;
  const extensionPath = isAbsolute(requested) ? requested : resolve(projectRoot, requested);
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`Built extension not found at ${extensionPath}. Build it first: npx wxt build`);
  }
  const swScript = serviceWorkerScript(extensionPath);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pypi-trust-e2e-profile-'));
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true });
  process.once('exit', removeProfile);

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: options.headless ?? true,
      ignoreHTTPSErrors: true,
      viewport: options.viewport ?? { width: 1366, height: 768 },
      args: [
        `--disable-extensions-except=${extensionPath}`,
        `--load-extension=${extensionPath}`,
        `--host-resolver-rules=${options.server.hostResolverRules()}`,
        '--ignore-certificate-errors',
        '--no-proxy-server',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-gpu',
        '--disable-quic',
        ...(options.args ?? []),
      ],
    });
  } catch (error) {
    removeProfile();
    process.off('exit', removeProfile);
    throw error;
  }

  // Playwright keeps a stopped worker in serviceWorkers() until its 'close' arrives: track closes ourselves.
  const closedWorkers = new WeakSet<Worker>();
  const track = (w: Worker) => w.once('close', () => closedWorkers.add(w));
  context.serviceWorkers().forEach(track);
  context.on('serviceworker', track);
  const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://') && w.url().endsWith(`/${swScript}`);
  const findWorker = () => context.serviceWorkers().find((w) => isOurs(w) && !closedWorkers.has(w));
  const waitWorker = (timeout: number) =>
    context.waitForEvent('serviceworker', { predicate: (w) => isOurs(w) && !closedWorkers.has(w), timeout });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => undefined);
    removeProfile();
    process.off('exit', removeProfile);
  };

  let extensionId: string;
  try {
    const first = findWorker() ?? (await waitWorker(15_000));
    extensionId = new URL(first.url()).host;
  } catch (error) {
    await close();
    throw new Error(`The extension's service worker (${swScript}) did not start: ${String(error)}`, { cause: error });
  }

  /** Each version of the extension's worker as DevTools reports it: running status and lifecycle status. */
  type WorkerStatuses = Map<string, { running: string; status: string }>;

  /**
   * A DevTools session on one of the extension's own pages: its ServiceWorker domain sees the extension's worker.
   * `statuses` is filled from workerVersionUpdated, listened to before the domain is enabled (which replays the
   * current state), so it is complete from the start.
   */
  async function withExtensionCdp(
    run: (cdp: CDPSession, statuses: WorkerStatuses, changed: () => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const page = await context.newPage();
    try {
      await page.goto(`chrome-extension://${extensionId}/manifest.json`);
      const cdp = await context.newCDPSession(page);
      const statuses: WorkerStatuses = new Map();
      let wake: () => void = () => undefined;
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const v of versions)
          if (v.scriptURL.endsWith(`/${swScript}`)) statuses.set(v.versionId, { running: v.runningStatus, status: v.status });
        wake();
      });
      const changed = () => new Promise<void>((resolve) => (wake = resolve));
      await cdp.send('ServiceWorker.enable');
      await run(cdp, statuses, changed);
      await cdp.detach();
    } finally {
      await page.close();
    }
  }

  // A stopped worker keeps its Worker object (Playwright stays attached), but evaluate() waits until it runs again.
  const answers = (w: Worker, ms: number) =>
    Promise.race([
      w
        .evaluate(() => true)
        .then(
          () => true,
          () => false,
        ),
      sleep(ms).then(() => false),
    ]);

  async function serviceWorker(): Promise<Worker> {
    const live = findWorker();
    if (live && (await answers(live, 1_000))) return live;
    // Stopped after idle: ask Chromium to start it again (a no-op if it is running). Asked twice at most: a start
    // requested while a stop is still being carried out can be dropped.
    for (const wait of [7_500, 15_000]) {
      await withExtensionCdp(async (cdp) => {
        await cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
      });
      const worker = findWorker() ?? (await waitWorker(wait).catch(() => null));
      if (worker && (await answers(worker, wait))) return worker;
    }
    throw new Error('The extension service worker did not start again');
  }

  /**
   * Waits (at most `ms`) until a version of the worker is activated. A worker stopped while it is still
   * installing is thrown away by Chromium ("redundant"), and the extension is left with no worker at all: every
   * message then fails with "Receiving end does not exist" until the browser restarts (reproduced with a slow
   * install handler; it broke a whole CI test file when the first stop came right after launch).
   */
  async function untilActivated(statuses: WorkerStatuses, changed: () => Promise<void>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    const lifecycle = () => [...statuses.values()].map((v) => v.status);
    let next = changed();
    while (!lifecycle().includes('activated')) {
      if (Date.now() > deadline)
        throw new Error(`The extension's service worker was not activated within ${ms} ms (versions: ${lifecycle().join(', ') || 'none'})`);
      await Promise.race([next, sleep(100)]);
      next = changed();
    }
  }

  /**
   * Stops the worker and returns once every version of it reports "stopped" (at most 5 s). Waiting for the
   * versions that were running, not for any "stopped" event, so a stop still under way cannot land in the
   * middle of the next test's page load. Never stops a worker that is not activated yet (see untilActivated).
   */
  async function stopServiceWorker(): Promise<void> {
    await withExtensionCdp(async (cdp, statuses, changed) => {
      await untilActivated(statuses, changed, 15_000);
      const deadline = Date.now() + 5_000;
      const allStopped = () => statuses.size > 0 && [...statuses.values()].every((v) => v.running === 'stopped');
      let next = changed();
      await cdp.send('ServiceWorker.stopAllWorkers');
      while (!allStopped() && Date.now() < deadline) {
        await Promise.race([next, sleep(100)]);
        next = changed();
      }
      if (![...statuses.values()].some((v) => v.status === 'activated')) {
        throw new Error(
          `The extension lost its service worker when it was stopped (versions: ${[...statuses.values()].map((v) => v.status).join(', ')})`,
        );
      }
    });
  }

  async function resetExtension(): Promise<void> {
    await stopServiceWorker();
    // Emptied from one of the extension's own pages (it has chrome.storage), so the worker need not start
    // again in between: it stays stopped, and nothing it had queued can land after the clear.
    const page = await context.newPage();
    try {
      await page.goto(`chrome-extension://${extensionId}/manifest.json`);
      await page.evaluate(async (cacheDb) => {
        await (globalThis as unknown as { chrome: { storage: { local: { clear(): Promise<void> } } } }).chrome.storage.local.clear();
        // The response cache lives in IndexedDB (utils/sources/http/idb-cache.ts); the stopped worker holds no connection.
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase(cacheDb);
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
          request.onblocked = () => reject(new Error(`${cacheDb} is still open: the worker did not stop`));
        });
      }, CACHE_DB_NAME);
    } finally {
      await page.close();
    }
  }

  // Launch returns with an activated worker, so the first stop (most suites reset the extension at once) cannot
  // land in its install.
  try {
    await withExtensionCdp((_cdp, statuses, changed) => untilActivated(statuses, changed, 15_000));
  } catch (error) {
    await close();
    throw error;
  }

  return {
    context,
    extensionId,
    extensionPath,
    userDataDir,
    serviceWorker,
    stopServiceWorker,
    resetExtension,
    newPage: () => context.newPage(),
    close,
  };
}

export interface ConsoleCapture {
  /** Every console message, in order. */
  messages: { type: string; text: string; url?: string }[];
  /** Uncaught exceptions in the page. */
  pageErrors: Error[];
  byLevel(type: 'log' | 'debug' | 'info' | 'error' | 'warning' | string): string[];
  /** Error messages and page errors, minus the expected failures of recorded pages' assets (pypi.org /static/*,
   *  favicon, saved-page files, off-list hosts such as gravatar that the resolver rules make unreachable). */
  unexpectedErrors(): string[];
  dispose(): void;
}

/** A page asset that the fixture server answers 404 on purpose, or a host outside the upstream list. */
export function isExpectedAssetFailure(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { protocol, host, pathname } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') return false;
    if (!(UPSTREAM_HOSTS as readonly string[]).includes(host)) return true;
    return host === 'pypi.org' && /^\/(static\/|favicon\.ico$|_includes\/)|\/(rm_files|search_files)\//.test(pathname);
  } catch {
    return false;
  }
}

/** Start recording a page's console messages and uncaught errors. */
export function collectConsole(page: Page): ConsoleCapture {
  const capture: ConsoleCapture = {
    messages: [],
    pageErrors: [],
    byLevel: (type) => capture.messages.filter((m) => m.type === type).map((m) => m.text),
    unexpectedErrors: () => [
      ...capture.messages
        .filter((m) => m.type === 'error' && !(m.text.startsWith('Failed to load resource') && isExpectedAssetFailure(m.url)))
        .map((m) => `${m.text}${m.url ? ` (${m.url})` : ''}`),
      ...capture.pageErrors.map((e) => `pageerror: ${e.message}`),
    ],
    dispose: () => {
      page.off('console', onConsole);
      page.off('pageerror', onError);
    },
  };
  const onConsole = (msg: ConsoleMessage) => capture.messages.push({ type: msg.type(), text: msg.text(), url: msg.location().url });
  const onError = (error: Error) => capture.pageErrors.push(error);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return capture;
}
