import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '/work/main/test/support/fixture-server.ts';
import { launchBrowser } from '/work/main/test/support/browser.ts';
const dir = mkdtempSync(join(tmpdir(), 'harness-ext-'));
writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'x', version: '0.0.1', background: { service_worker: 'background.js' } }));
writeFileSync(join(dir, 'background.js'), '');
const server = await startFixtureServer({ scenario: 'luigi' });
const b = await launchBrowser({ server, extensionPath: dir });
try {
  for (const [sc, url] of [['luigi','https://pypi.org/project/luigi/'],['luigi-2024','https://pypi.org/project/luigi/'],['tennis-2023','https://pypi.org/project/tennis/0.1.2/'],['requests','https://pypi.org/project/requests/'],['search-flask','https://pypi.org/search/?q=flask']]) {
    server.useScenario(sc);
    const p = await b.newPage();
    await p.goto(url);
    await p.screenshot({ path: `/work/main/.tmp-exp/${sc}.png` });
    await p.close();
  }
  console.log(server.unmatched().map(e => e.host + e.path));
  console.log(server.log.filter(e => e.asset).map(e => e.path).slice(0, 20));
} finally { await b.close(); await server.close(); }
