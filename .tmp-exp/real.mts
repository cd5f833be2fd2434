import { startFixtureServer } from '/work/main/test/support/fixture-server.ts';
import { launchBrowser, collectConsole } from '/work/main/test/support/browser.ts';
const server = await startFixtureServer({ scenario: 'luigi' });
const b = await launchBrowser({ server, extensionPath: '/tmp/harness-wxt-out/chrome-mv3' });
try {
  for (const [sc, url] of [['luigi','https://pypi.org/project/luigi/'],['requests','https://pypi.org/project/requests/'],['tennis-2023','https://pypi.org/project/tennis/0.1.2/'],['search-flask','https://pypi.org/search/?q=flask']]) {
    server.useScenario(sc); server.clearLog();
    const p = await b.newPage(); const c = collectConsole(p);
    await p.goto(url); await new Promise(r => setTimeout(r, 3000));
    await p.screenshot({ path: `/work/main/.tmp-exp/real-${sc}.png` });
    console.log('==', sc, server.log.filter(e => !e.asset).map(e => `${e.status} ${e.method} ${e.host}${e.path}${e.query ? '?' + e.query : ''}${e.matched ? '' : ' UNMATCHED'} ${e.body ?? ''}`).join('\n   '));
    console.log('   errors', c.pageErrors.map(String), c.byLevel('error'));
    await p.close();
  }
} finally { await b.close(); await server.close(); }
