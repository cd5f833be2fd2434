// The GitHub token (issue 10): set through the real settings path (the setSettings message from an extension page),
// it reaches api.github.com — and no other host — as the Authorization header (read from the fixture server's log),
// and it never comes back: not in any message answer to the content script, not in the page, not in storage a
// content script can read.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { useExtension } from '../support/e2e';
import { openProject, readInjectedUi, resetExtension, snapshotBuild } from '../support/hardening';

/** Synthetic, in GitHub's classic-token shape (the contract accepts [A-Za-z0-9_]{20,255}). */
const TOKEN = 'ghp_SyntheticE2eToken0123456789abcdWXYZ';
/** Everything but the last four characters (which the settings hint shows on purpose). */
const SECRET_PART = TOKEN.slice(0, -4);

const { server, browser } = useExtension({ scenario: 'luigi', launch: () => ({ extensionPath: snapshotBuild('.output/chrome-mv3') }) });
let page: Page;
let contentScript: { cdp: CDPSession; contextId: number };

/** Runs `expression` (a promise) in one of the extension's own pages, as the popup would. */
async function inExtensionPage<T>(expression: string): Promise<T> {
  const ext = await browser.newPage();
  await ext.goto(`chrome-extension://${browser.extensionId}/rules.html`);
  const result = (await ext.evaluate(expression)) as T;
  await ext.close();
  return result;
}

/** Runs `expression` in the content script's isolated world on `page` (its chrome.runtime is the extension's). */
async function inContentScript<T>(expression: string): Promise<T> {
  const { result, exceptionDetails } = (await contentScript.cdp.send('Runtime.evaluate', {
    expression,
    contextId: contentScript.contextId,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string } } };
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'evaluation failed');
  return result.value;
}

async function attachToContentScript(target: Page) {
  const cdp = await browser.context.newCDPSession(target);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const ours = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${browser.extensionId}`);
  if (!ours) throw new Error('The content script world of the extension was not found on the page');
  return { cdp, contextId: ours.id };
}

beforeAll(async () => {
  await resetExtension(browser);
  server.clearLog();
}, 120_000);

describe('the GitHub token', () => {
  it('is set through setSettings from an extension page; the answer shows only a hint', async () => {
    const reply = await inExtensionPage<unknown>(`chrome.runtime.sendMessage({ type: 'setSettings', patch: { githubToken: '${TOKEN}' } })`);
    expect(reply).toMatchObject({ ok: true, value: { githubToken: { set: true, hint: '…WXYZ' } } });
    expect(JSON.stringify(reply)).not.toContain(SECRET_PART);
  });

  it('reaches api.github.com as Authorization, and no other host in any form', async () => {
    page = await openProject(browser, 'https://pypi.org/project/luigi/');
    const github = server.log.filter((e) => e.host === 'api.github.com');
    expect(github.length).toBeGreaterThan(0);
    for (const entry of github) expect(entry.headers['authorization']).toMatch(new RegExp(`^(token|Bearer) ${TOKEN}$`));
    const others = server.log.filter((e) => e.host !== 'api.github.com');
    expect(new Set(others.map((e) => e.host)).size).toBeGreaterThan(3); // pypi.org, OSV, deps.dev, … were asked
    for (const entry of others) {
      expect(entry.headers['authorization'], `${entry.host}${entry.path}`).toBeUndefined();
      expect(JSON.stringify(entry), `${entry.host}${entry.path}`).not.toContain(SECRET_PART);
    }
    // Nor in the URL or body of a GitHub request (only the header carries it).
    for (const entry of github) expect(JSON.stringify({ ...entry, headers: {} })).not.toContain(SECRET_PART);
  });

  it('never comes back to the content script: no message answer carries it', async () => {
    contentScript = await attachToContentScript(page);
    const answers = await inContentScript<unknown[]>(`Promise.all([
      chrome.runtime.sendMessage({ type: 'getReport', name: 'luigi' }),
      chrome.runtime.sendMessage({ type: 'getReport', name: 'luigi', version: '3.6.0' }),
      chrome.runtime.sendMessage({ type: 'getBadges', names: ['luigi', 'requests'] }),
      chrome.runtime.sendMessage({ type: 'getSettings' }),
      chrome.runtime.sendMessage({ type: 'getActiveVerdict', tabId: 0 }),
    ])`);
    expect(answers).toHaveLength(5);
    expect(answers[0]).toMatchObject({ ok: true });
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(SECRET_PART);
  });

  it('cannot be changed or read through storage by the content script (it shares the page’s renderer)', async () => {
    const set = await inContentScript<{ ok: boolean }>(`chrome.runtime.sendMessage({ type: 'setSettings', patch: { githubToken: null } })`);
    expect(set.ok).toBe(false);
    const read = await inContentScript<string>(
      `chrome.storage.local.get(null).then((all) => JSON.stringify(all), (e) => 'refused: ' + e.message)`,
    );
    expect(read).toMatch(/^refused: /);
    expect(read).not.toContain(SECRET_PART);
  });

  it('is not in the response cache (IndexedDB): neither its keys nor what it keeps', async () => {
    await new Promise((resolve) => setTimeout(resolve, 600)); // queued cache writes land
    const dump = await inExtensionPage<string>(`new Promise((resolve, reject) => {
      const open = indexedDB.open('pypi-trust-panel-cache');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const store = open.result.transaction('entries', 'readonly').objectStore('entries');
        const keys = store.getAllKeys();
        const values = store.getAll();
        values.onsuccess = () => resolve(JSON.stringify({ keys: keys.result, values: values.result }));
        values.onerror = () => reject(values.error);
      };
    })`);
    expect(dump).toContain('api.github.com/repos/');
    expect(dump).not.toContain(SECRET_PART);
  });

  it('is nowhere in the page or the injected UI', async () => {
    const ui = await readInjectedUi(page);
    expect(ui.text).not.toContain(SECRET_PART);
    expect(await page.content()).not.toContain(SECRET_PART);
    await page.close();
  });

  it('once removed, GitHub is asked without it', async () => {
    const reply = await inExtensionPage<unknown>(`chrome.runtime.sendMessage({ type: 'setSettings', patch: { githubToken: null } })
      .then((r) => chrome.runtime.sendMessage({ type: 'clearCache' }).then(() => r))`);
    expect(reply).toMatchObject({ ok: true, value: { githubToken: { set: false } } });
    server.clearLog();
    const again = await openProject(browser, 'https://pypi.org/project/luigi/');
    const github = server.log.filter((e) => e.host === 'api.github.com');
    expect(github.length).toBeGreaterThan(0);
    for (const entry of github) expect(entry.headers['authorization']).toBeUndefined();
    await again.close();
  });
});
