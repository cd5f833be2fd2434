// The end-to-end files' one setup: a fixture server (and Chromium with the built extension) started before the
// tests of a file or a describe, closed after them. Called at the top level of a file or inside a describe.
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type LaunchedBrowser, type LaunchOptions } from './browser';
import { startFixtureServer, type FixtureServer, type FixtureServerOptions } from './fixture-server';
import { startHostSwitch, type HostSwitch } from './switchable-hosts';

export type ExtensionOptions = FixtureServerOptions & {
  /** How Chromium is launched (besides its server); a function is called when it launches, in beforeAll. */
  launch?: Omit<LaunchOptions, 'server'> | (() => Omit<LaunchOptions, 'server'>);
  /** Chromium reaches the fixture server through a host switch, so a test can refuse connections per host. */
  hostSwitch?: boolean;
};

export type ExtensionTest = { server: FixtureServer; browser: LaunchedBrowser; hosts: HostSwitch };

/** Starts the fixture server before the tests and closes it after them. */
export function useFixtureServer(options: FixtureServerOptions): FixtureServer {
  let server: FixtureServer | undefined;
  beforeAll(async () => {
    server = await startFixtureServer(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return lateBound(() => server, 'the fixture server');
}

/** The fixture server, then Chromium with the built extension; closed in the opposite order. */
export function useExtension(options: ExtensionOptions): ExtensionTest {
  const { launch, hostSwitch, ...serverOptions } = options;
  const server = useFixtureServer(serverOptions);
  let hosts: HostSwitch | undefined;
  let browser: LaunchedBrowser | undefined;
  beforeAll(async () => {
    if (hostSwitch) hosts = await startHostSwitch(server.port);
    const launchOptions = typeof launch === 'function' ? launch() : launch;
    browser = await launchBrowser({ ...launchOptions, server: hosts ?? server });
  });
  afterAll(async () => {
    await browser?.close();
    await hosts?.close();
  });
  return { server, browser: lateBound(() => browser, 'the browser'), hosts: lateBound(() => hosts, 'the host switch') };
}

/**
 * Stands for an object the hooks create later: the test files are evaluated (and their helpers defined) before
 * beforeAll runs, so they hold this handle and every use reaches the object of the moment.
 */
function lateBound<T extends object>(current: () => T | undefined, what: string): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error(`${what} is not started: use it inside a test or a hook, after beforeAll`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value = target();
      const property: unknown = Reflect.get(value, key);
      return typeof property === 'function' ? property.bind(value) : property;
    },
    has: (_, key) => Reflect.has(target(), key),
  });
}

export { openSection, type PanelSection } from './panel';
