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
const T = (p: Promise<unknown>, ms = 3000) => Promise.race([p.then(v => ['ok', v], e => ['err', String(e).slice(0, 100)]), new Promise(r => setTimeout(() => r(['timeout']), ms))]);
try {
  const before = await b.serviceWorker();
  before.on('close', () => console.log('close event'));
  b.context.on('serviceworker', (w) => console.log('new sw event', w.url()));
  console.log('stop', await T(b.stopServiceWorker(), 8000));
  console.log('count', b.context.serviceWorkers().length);
  console.log('eval before', await T(before.evaluate(() => 1)));
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/manifest.json`);
  const cdp = await b.context.newCDPSession(page);
  cdp.on('ServiceWorker.workerVersionUpdated', (e: any) => console.log('ver', e.versions.map((v: any) => v.runningStatus + ' ' + v.targetId).join()));
  await cdp.send('ServiceWorker.enable');
  console.log('start', await T(cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${b.extensionId}/` })));
  await new Promise(r => setTimeout(r, 1000));
  console.log('eval before after start', await T(before.evaluate(() => 2)));
  console.log('workers', b.context.serviceWorkers().map(w => w === before));
  console.log('count', b.context.serviceWorkers().length);
} finally { await b.close(); await server.close(); }
