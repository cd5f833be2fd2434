import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '/work/main/test/support/fixture-server.ts';
import { launchBrowser } from '/work/main/test/support/browser.ts';
const dir = mkdtempSync(join(tmpdir(), 'harness-ext-'));
writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'x', version: '0.0.1', background: { service_worker: 'background.js' } }));
writeFileSync(join(dir, 'background.js'), 'chrome.runtime.onMessage.addListener(() => {});\n');
const server = await startFixtureServer({ scenario: 'luigi' });
const b = await launchBrowser({ server, extensionPath: dir });
try {
  console.log('id', b.extensionId, b.context.browser());
  const page = await b.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/manifest.json`);
  const cdp = await b.context.newCDPSession(page);
  const versions: any[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: any) => { versions.push(...e.versions); });
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e: any) => console.log('reg', JSON.stringify(e)));
  await cdp.send('ServiceWorker.enable');
  await new Promise(r => setTimeout(r, 500));
  console.log('versions', JSON.stringify(versions));
  await cdp.send('ServiceWorker.stopAllWorkers');
  await new Promise(r => setTimeout(r, 1000));
  console.log('after stop', b.context.serviceWorkers().length, JSON.stringify(versions.at(-1)));
  const t = Date.now();
  const sw = await b.serviceWorker();
  console.log('reacquired', Date.now() - t, await sw.evaluate(() => 1 + 1));
} finally { await b.close(); await server.close(); }
