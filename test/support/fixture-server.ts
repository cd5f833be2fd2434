// One local HTTPS server that answers for every upstream host (design §9), routing by the Host header (HTTP/2's
// :authority), from a scenario (test/fixtures/scenarios/<name>.json, format in scenario.ts). It speaks HTTP/2 as
// pypi.org does (HTTP/1.1 for clients that do not offer h2), so the browser multiplexes requests as it does there;
// faults act on one request (its HTTP/2 stream), never on the others sharing the connection. It logs every
// request, and tests can add latency and faults at runtime. The certificate is self-signed, made per run with the openssl CLI (Node's crypto
// cannot issue certificates), with every upstream host in subjectAltName.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants as h2, createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPSTREAM_HOSTS } from '../../utils/contract/hosts';
import { projectFixturePath } from './fixtures';
import {
  deepPartialMatch,
  loadScenario,
  resolveScenario,
  withoutStandIns,
  type ResolvedRoute,
  type ResolvedScenario,
  type Scenario,
} from './scenario';

export { loadScenario, resolveScenario, type ResolvedScenario, type Scenario } from './scenario';

export interface FixtureServerOptions {
  /** Scenario name (test/fixtures/scenarios/<name>.json) or object. */
  scenario: string | Scenario;
  /** 0 (default) picks a free port; 443 for Firefox's forceResolve (needs root). */
  port?: number;
  /** Latency added to every answer, ms (default 0). */
  latencyMs?: number;
  /** Add the synthetic pypi.org stylesheet to served pypi.org pages (default true). */
  injectStylesheet?: boolean;
  /** Answer every stand-in not marked `demo` with 503 "not recorded" (`withoutStandIns`): what `npm run demo` serves. */
  withoutStandIns?: boolean | { keep: readonly string[] };
  /** Called for every logged request (e.g. to print it). */
  onRequest?: (entry: LogEntry) => void;
}

export interface LogEntry {
  host: string;
  /** '2.0' for HTTP/2, '1.1' for HTTP/1.1. */
  httpVersion: string;
  method: string;
  path: string;
  query: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
  /** 0 when the socket was destroyed by a fault. */
  status: number;
  matched: boolean;
  /** pypi.org page assets (/static/*, favicon, the synthetic stylesheet): not noise, not routes. */
  asset?: boolean;
  /** The matched route's key, "<host> <METHOD> <path>". */
  route?: string;
  fault?: boolean;
  at: number;
}

export interface FaultMatch {
  host: string;
  method?: string;
  path?: string;
  pathPrefix?: string;
}

export interface Fault {
  status?: number;
  delayMs?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Send headers with the full content-length, half the body, then cut the stream (HTTP/1.1: the connection). */
  truncate?: boolean;
  /** Close without answering: HTTP/2 resets the request's stream, HTTP/1.1 closes the socket (the browser sees a reset). */
  destroy?: boolean;
  /** Answer with an HTML error page (as a CDN does) instead of JSON. */
  html?: boolean;
  /** Hold the answer until this settles (after any delay): a test releases it once it has seen what happens meanwhile. */
  holdUntil?: Promise<unknown>;
  /** Apply this many times, then stop (default: until clearFaults). */
  times?: number;
}

export interface FixtureServer {
  readonly port: number;
  readonly log: LogEntry[];
  readonly scenario: ResolvedScenario;
  /** PEM of the self-signed certificate (for browsers that want to trust it explicitly). */
  readonly certPem: string;
  countByHost(options?: { includeAssets?: boolean }): Record<string, number>;
  /** Requests that no route answered (assets excluded). */
  unmatched(): LogEntry[];
  clearLog(): void;
  /** Resolves with the first logged request (past or future) for which `predicate` holds. */
  waitForRequest(predicate: (entry: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  setLatency(latency: number | Record<string, number>): void;
  /** The most recently set matching fault wins. */
  setFault(match: FaultMatch, fault: Fault): void;
  clearFaults(): void;
  useScenario(scenario: string | Scenario): void;
  hostResolverRules(): string;
  close(): Promise<void>;
}

const STYLESHEET_PATH = '/__fixture__/synthetic-pypi.css';
const STYLESHEET_LINK = `<link rel="stylesheet" href="https://pypi.org${STYLESHEET_PATH}">`;
/** pypi.org paths that are APIs, not pages: never get the stylesheet. */
const PYPI_API_PREFIXES = ['/pypi/', '/simple/', '/integrity/', '/rss/'];
const MAX_BODY = 1024 * 1024;

function isPypiAsset(path: string): boolean {
  return (
    path.startsWith('/static/') ||
    path === '/favicon.ico' ||
    path.startsWith('/_includes/') ||
    path.includes('/rm_files/') ||
    path.includes('/search_files/')
  );
}

const notFoundJson = () => Buffer.from('{"message":"Not Found"}');
const errorHtml = (status: number) =>
  Buffer.from(`<html><head><title>${status} Error</title></head><body><h1>Error ${status}</h1><p>Fixture server.</p></body></html>\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Request = IncomingMessage | Http2ServerRequest;
/** What the handler uses of an answer: the same on HTTP/1.1's ServerResponse and HTTP/2's compatibility one. */
type Response = {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Buffer, callback: () => void): unknown;
  end(): unknown;
  end(data: Buffer | string): unknown;
};
/** Headers HTTP/2 forbids (RFC 9113 §8.2.2); a recorded HTTP/1.1 answer may carry them. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** Ends this request only: resets its HTTP/2 stream, or (HTTP/1.1) closes its connection. */
function cut(req: Request): void {
  if ('stream' in req) req.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
  else req.socket.destroy();
}

/** A self-signed certificate for every upstream host and 127.0.0.1; the temp dir is removed at once. */
export function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-cert-'));
  try {
    const san = [...UPSTREAM_HOSTS.map((h) => `DNS:${h}`), 'DNS:localhost', 'IP:127.0.0.1'].join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '7',
        '-subj',
        '/CN=pypi-trust-panel fixture server',
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    throw new Error(`openssl could not make the test certificate (apt-get install -y openssl): ${String(error)}`, { cause: error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function faultMatches(m: FaultMatch, host: string, method: string, path: string): boolean {
  return (
    m.host === host &&
    (!m.method || m.method.toUpperCase() === method) &&
    (!m.path || m.path === path) &&
    (!m.pathPrefix || path.startsWith(m.pathPrefix))
  );
}

function routeMatches(r: ResolvedRoute, host: string, method: string, path: string, query: string, json: unknown): boolean {
  const s = r.spec;
  if (s.host !== host || r.method !== method) return false;
  if (s.path !== undefined ? s.path !== path : !path.startsWith(s.pathPrefix ?? '')) return false;
  if (typeof s.query === 'string' && s.query !== query) return false;
  if (s.query && typeof s.query === 'object') {
    const params = new URLSearchParams(query);
    if (!Object.entries(s.query).every(([k, v]) => params.get(k) === v)) return false;
  }
  return s.bodyMatch === undefined || deepPartialMatch(json, s.bodyMatch);
}

export async function startFixtureServer(options: FixtureServerOptions): Promise<FixtureServer> {
  const load = (next: string | Scenario): ResolvedScenario => {
    const resolved = typeof next === 'string' ? loadScenario(next) : resolveScenario(next);
    const demo = options.withoutStandIns;
    if (!demo) return resolved;
    return withoutStandIns(resolved, demo === true ? [] : demo.keep);
  };
  let scenario = load(options.scenario);
  const inject = options.injectStylesheet ?? true;
  const log: LogEntry[] = [];
  type Waiter = { predicate: (e: LogEntry) => boolean; resolve: (e: LogEntry) => void; reject: (e: Error) => void };
  const waiters = new Set<Waiter>();
  let latency: number | Record<string, number> = options.latencyMs ?? 0;
  let faults: { match: FaultMatch; fault: Fault; left: number }[] = [];
  const { key, cert } = makeCertificate();

  const record = (entry: LogEntry) => {
    log.push(entry);
    options.onRequest?.(entry);
    for (const w of waiters)
      if (w.predicate(entry)) {
        waiters.delete(w);
        w.resolve(entry);
      }
  };

  async function handle(req: Request, res: Response, body: string): Promise<void> {
    const authority = req.headers[':authority'] ?? req.headers.host ?? '';
    const host = (Array.isArray(authority) ? (authority[0] ?? '') : authority).replace(/:\d+$/, '').toLowerCase();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const headers: Record<string, string> = {};
    // HTTP/2's pseudo-headers (:method, :path, …) are not logged; its :authority is logged as host.
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined && !k.startsWith(':')) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    headers.host ??= host;
    const httpVersion = req.httpVersion;
    const entry: LogEntry = { host, httpVersion, method, path, query, headers, status: 0, matched: false, at: Date.now() };
    if (body) entry.body = body;
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }

    const delay = typeof latency === 'number' ? latency : (latency[host] ?? 0);
    const slot = faults.find((f) => f.left > 0 && faultMatches(f.match, host, method, path));
    if (slot) {
      slot.left -= 1;
      entry.fault = true;
    }
    const fault = slot?.fault;
    const wait = delay + (fault?.delayMs ?? 0);
    if (wait > 0) await sleep(wait);
    if (fault?.holdUntil) await fault.holdUntil.catch(() => undefined);

    const route = scenario.routes.find((r) => routeMatches(r, host, method, path, query, json));
    const isPage = host === 'pypi.org' && !PYPI_API_PREFIXES.some((p) => path.startsWith(p));
    let status: number;
    let out: Record<string, string>;
    let payload: Buffer;
    if (route) {
      entry.matched = true;
      entry.route = route.key;
      status = route.status;
      out = { ...route.headers };
      payload = route.body;
      const etag = out['etag'];
      if (etag && status === 200 && headers['if-none-match'] === etag) {
        status = 304;
        payload = Buffer.alloc(0);
      }
    } else if (host === 'pypi.org' && method === 'GET' && path === STYLESHEET_PATH) {
      entry.asset = true;
      status = 200;
      out = { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-store' };
      payload = readFileSync(projectFixturePath('synthetic-pypi.css'));
    } else {
      if (host === 'pypi.org' && isPypiAsset(path)) entry.asset = true;
      status = 404;
      out = { 'content-type': isPage ? 'text/html; charset=utf-8' : 'application/json' };
      payload = isPage ? errorHtml(404) : notFoundJson();
    }
    if (fault) {
      if (fault.status !== undefined || fault.html || fault.body !== undefined) {
        status = fault.status ?? (fault.html ? 503 : status);
        const html = fault.html ?? (isPage && fault.body === undefined);
        out = { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json' };
        payload =
          fault.body !== undefined
            ? Buffer.from(fault.body)
            : html
              ? errorHtml(status)
              : Buffer.from(`{"message":"Fixture fault ${status}"}`);
      }
      Object.assign(out, Object.fromEntries(Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])));
      // Keep the route's CORS headers on a faulted answer, as the real upstreams send them on errors too.
      for (const [k, v] of Object.entries(route?.headers ?? {})) if (k.startsWith('access-control-') && !(k in out)) out[k] = v;
      if (fault.destroy) {
        record(entry);
        cut(req);
        return;
      }
    }
    if (inject && isPage && /^text\/html/i.test(out['content-type'] ?? '')) {
      const html = payload.toString('utf8');
      const at = html.search(/<\/head>/i);
      if (at >= 0) payload = Buffer.from(`${html.slice(0, at)}${STYLESHEET_LINK}\n${html.slice(at)}`);
    }
    entry.status = status;
    record(entry);
    for (const k of Object.keys(out)) if (CONNECTION_HEADERS.has(k.toLowerCase())) delete out[k];
    res.writeHead(status, { ...out, 'content-length': String(payload.length) });
    if (method === 'HEAD' || status === 304) {
      res.end();
      return;
    }
    if (fault?.truncate) {
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => setTimeout(() => cut(req), 20));
      return;
    }
    res.end(payload);
  }

  const server: Http2SecureServer = createSecureServer(
    { key, cert, allowHTTP1: true },
    (req: Request, answer: ServerResponse | Http2ServerResponse) => {
      const res = answer as Response;
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      req.on('end', () => {
        handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
          try {
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(`fixture server error: ${String(error)}`);
          } catch {
            // The client reset this stream (closed its page) before the answer: nobody to tell.
          }
        });
      });
    },
  );
  // A client that goes away mid-answer (a test closing its page) is not the server's error.
  server.on('sessionError', () => undefined);
  const sockets = new Set<import('node:net').Socket>();
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    log,
    get scenario() {
      return scenario;
    },
    certPem: cert,
    countByHost({ includeAssets = false } = {}) {
      const counts: Record<string, number> = {};
      for (const e of log) if (includeAssets || !e.asset) counts[e.host] = (counts[e.host] ?? 0) + 1;
      return counts;
    },
    unmatched: () => log.filter((e) => !e.matched && !e.asset),
    clearLog: () => {
      log.length = 0;
    },
    waitForRequest(predicate, timeoutMs = 10_000) {
      const seen = log.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<LogEntry>((resolve, reject) => {
        const w: Waiter = {
          predicate,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`No matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    setLatency: (value) => {
      latency = value;
    },
    setFault: (match, fault) => {
      faults.unshift({ match, fault, left: fault.times ?? Infinity });
    },
    clearFaults: () => {
      faults = [];
    },
    useScenario: (next) => {
      scenario = load(next);
    },
    hostResolverRules: () => hostResolverRules(port),
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of waiters) w.reject(new Error('Fixture server closed'));
        waiters.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Chromium --host-resolver-rules: every upstream host to the fixture server, everything else unresolvable. */
export function hostResolverRules(port: number): string {
  return [...UPSTREAM_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');
}
