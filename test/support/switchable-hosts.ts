// A real "connection refused" per upstream host. Chromium's --host-resolver-rules map a host to one address, so each
// upstream host gets its own local TCP forwarder to the fixture server (TLS passes through untouched); taking a host
// down closes its listener and its open connections, so the browser's next connect is refused by the kernel
// (ECONNREFUSED), exactly as for a server that is not running. Bringing it up listens on the same port again.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { UPSTREAM_HOSTS } from '../../utils/contract/hosts';

export interface HostSwitch {
  /** Chromium --host-resolver-rules: every upstream host to its forwarder, everything else unresolvable. */
  hostResolverRules(): string;
  down(host: string): Promise<void>;
  up(host: string): Promise<void>;
  /** Brings every host up. */
  upAll(): Promise<void>;
  /**
   * Closes every open connection (hosts stay up). Between visits, so the browser opens fresh ones instead of reusing
   * an idle one that the fixture server's keep-alive timeout may close at the same moment (a spurious "offline").
   */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

type Forwarder = { server: Server; port: number; sockets: Set<Socket>; listening: boolean };

function forwarder(targetPort: number): Forwarder {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return { server, port: 0, sockets, listening: false };
}

const listen = (f: Forwarder, port: number) =>
  new Promise<void>((resolve, reject) => {
    f.server.once('error', reject);
    f.server.listen(port, '127.0.0.1', () => {
      f.server.off('error', reject);
      const address = f.server.address();
      f.port = typeof address === 'object' && address ? address.port : port;
      f.listening = true;
      resolve();
    });
  });

const stop = (f: Forwarder) =>
  new Promise<void>((resolve) => {
    if (!f.listening) return resolve();
    f.listening = false;
    for (const s of f.sockets) s.destroy();
    f.server.close(() => resolve());
  });

export async function startHostSwitch(targetPort: number): Promise<HostSwitch> {
  const forwarders = new Map<string, Forwarder>();
  for (const host of UPSTREAM_HOSTS) {
    const f = forwarder(targetPort);
    await listen(f, 0);
    forwarders.set(host, f);
  }
  const get = (host: string) => {
    const f = forwarders.get(host);
    if (!f) throw new Error(`${host} is not an upstream host`);
    return f;
  };
  const api: HostSwitch = {
    hostResolverRules: () =>
      [...[...forwarders].map(([host, f]) => `MAP ${host} 127.0.0.1:${f.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', '),
    down: (host) => stop(get(host)),
    up: async (host) => {
      const f = get(host);
      if (!f.listening) await listen(f, f.port);
    },
    upAll: async () => {
      for (const host of forwarders.keys()) await api.up(host);
    },
    dropConnections: async () => {
      // Close politely first (FIN), so the browser drops its idle pooled sockets instead of reusing a dead one.
      for (const f of forwarders.values()) for (const socket of f.sockets) socket.end();
      await new Promise((r) => setTimeout(r, 150));
      for (const f of forwarders.values()) for (const socket of f.sockets) socket.destroy();
      // Let the browser see the resets before the next request picks a socket.
      await new Promise((r) => setTimeout(r, 150));
    },
    close: async () => {
      for (const f of forwarders.values()) await stop(f);
    },
  };
  return api;
}
