// Debian firefox-esr driven by puppeteer-core over WebDriver BiDi, with the Firefox build installed (TOOLING.md,
// "Firefox"). Firefox has no host-resolver rules, so every request goes through a local CONNECT proxy that tunnels
// the upstream hosts to the fixture server and refuses every other host: no root, no port 443, and no test can reach
// the internet. Certificates: the fixture server's self-signed one is accepted through acceptInsecureCerts.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { UPSTREAM_HOSTS } from '../../utils/contract/hosts';
import { projectRoot } from './fixtures';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_PATH = '.output/firefox-mv2';

export interface UpstreamProxy {
  port: number;
  /** host:port of every CONNECT, in order, including refused ones. */
  readonly tunnels: { target: string; allowed: boolean }[];
  close(): Promise<void>;
}

/** An HTTP proxy that only tunnels (CONNECT) upstream hosts on port 443 to the fixture server. */
export async function startUpstreamProxy(fixturePort: number): Promise<UpstreamProxy> {
  const tunnels: { target: string; allowed: boolean }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    // Plain http:// requests (Firefox's own background traffic): never forwarded.
    res.writeHead(403).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [host, port] = target.split(':');
    const allowed = port === '443' && (UPSTREAM_HOSTS as readonly string[]).includes(host ?? '');
    tunnels.push({ target, allowed });
    if (!allowed) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(fixturePort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    tunnels,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

export interface LaunchedFirefox {
  browser: Browser;
  extensionId: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Firefox with every request through `proxy`, background chatter off, the built extension installed. */
/** The add-on's id (wxt.config.ts) and the internal UUID its pages get: fixed by pref, so a test can open popup.html. */
export const FIREFOX_ADDON_ID = '{90995a35-9241-4960-a9c1-55d37965d871}';
export const FIREFOX_INTERNAL_UUID = '6f1d3c52-8a0e-4b7a-9d35-2f4c8e1b7a90';

export async function launchFirefox(options: { proxy: UpstreamProxy; extensionPath?: string }): Promise<LaunchedFirefox> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(`Firefox not found at ${FIREFOX_PATH}. Install it: apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
  }
  const requested = options.extensionPath ?? FIREFOX_EXTENSION_PATH;
  const extensionPath = isAbsolute(requested) ? requested : resolve(projectRoot, requested);
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`Firefox build not found at ${extensionPath}. Build it first: npx wxt build -b firefox`);
  }
  const { port } = options.proxy;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Firefox 153 refuses a WebDriver BiDi navigation to a moz-extension: page ("not allowed in this context")
    // unless the remote agent may reach privileged pages: the popup tests open popup.html that way.
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.socks_remote_dns': true,
      'network.dns.disablePrefetch': true,
      'network.http.speculative-parallel-limit': 0,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'app.update.enabled': false,
      'extensions.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_INTERNAL_UUID }),
    },
  });
  let extensionId: string;
  try {
    extensionId = await browser.installExtension(extensionPath);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    browser,
    extensionId,
    newPage: () => browser.newPage(),
    close: () => browser.close(),
  };
}
