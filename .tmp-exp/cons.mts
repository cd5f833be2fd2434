import { startFixtureServer } from '/work/main/test/support/fixture-server.ts';
import { launchBrowser, collectConsole } from '/work/main/test/support/browser.ts';
const server = await startFixtureServer({ scenario: 'luigi' });
const b = await launchBrowser({ server, extensionPath: '/tmp/harness-wxt-out/chrome-mv3' });
try {
    const p = await b.newPage(); const c = collectConsole(p);
    await p.goto('https://pypi.org/project/luigi/'); await new Promise(r => setTimeout(r, 2000));
    console.log(c.messages);
} finally { await b.close(); await server.close(); }
