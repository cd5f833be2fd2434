// Scenarios for the fixture server: which recorded (or project-owned) body answers which request.
// A scenario is a JSON file in test/fixtures/scenarios/<name>.json; see fixture-server.ts for the format.
// Everything is resolved and read when the scenario is loaded, so a typo fails at start-up, not mid-test.
import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute } from 'node:path';
import { UPSTREAM_HOSTS } from '../../utils/contract/hosts';
import { assemble, type AssembledSpec } from './assemble';
import { projectFixturePath, recordedPath } from './fixtures';

export interface RouteSpec {
  host: string;
  /** Default GET. */
  method?: string;
  /** Exact path, query excluded, percent-encoding as sent. One of path / pathPrefix is required. */
  path?: string;
  pathPrefix?: string;
  /** Object: these search params must have these values (others may be present). String: the exact raw query (no '?'). */
  query?: Record<string, string> | string;
  /** Deep-partial match against the parsed JSON request body (POST). */
  bodyMatch?: unknown;
  /** Body source, exactly one of: a file under ../shared/fixtures, a file under test/fixtures, or (errors only) inline text. */
  recorded?: string;
  project?: string;
  inline?: string;
  /** Built at load time only from recorded parts (test/support/assemble.ts). */
  assembled?: AssembledSpec;
  /** An absolute path to a body a test generated at start (a temp dir; e.g. a synthetic sdist). Never a project file. */
  file?: string;
  /** Default: the recorded *.meta.json status if there is one, else 200. */
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Copy the response headers of the recorded *.meta.json beside the body. */
  headersFromMeta?: boolean;
}

export interface StandIn {
  /** "<host> <METHOD> <path>" of a route in this scenario (or one it extends). */
  route: string;
  recorded?: string;
  project?: string;
  why: string;
  /** The stand-in tells the truth about the shown package (its own recorded data under another route, an answer that
   *  recorded evidence about it agrees with, or the page that only hosts the panel): `npm run demo` keeps it. Every
   *  other stand-in is answered "not recorded" in the demo (see `withoutStandIns`), so no screenshot shows another
   *  package's data as the shown one's. The reason is the stand-in's `why`. */
  demo?: 'keep' | 'hosts-panel';
}

export interface Scenario {
  description: string;
  extends?: string;
  standIns?: StandIn[];
  routes: RouteSpec[];
}

export interface ResolvedRoute {
  spec: RouteSpec;
  key: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ResolvedScenario {
  name: string;
  description: string;
  standIns: StandIn[];
  routes: ResolvedRoute[];
}

/** Headers that describe the recorded wire form or the connection, not the resource. `date` is dropped so that
 *  Node sends the current one (a 2021 Date would make every cached response stale on arrival). */
const DROPPED_META_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'date', 'keep-alive']);

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
  '.provenance': 'application/json',
};

export function routeKey(spec: RouteSpec): string {
  return `${spec.host} ${(spec.method ?? 'GET').toUpperCase()} ${spec.path ?? `${spec.pathPrefix ?? ''}*`}`;
}

export function scenarioPath(name: string): string {
  return projectFixturePath(`scenarios/${name}.json`);
}

/** Load test/fixtures/scenarios/<name>.json, following `extends` (own routes first). */
export function loadScenario(name: string): ResolvedScenario {
  const path = scenarioPath(name);
  if (!existsSync(path)) throw new Error(`Scenario "${name}" not found: ${path}`);
  return resolveScenario(JSON.parse(readFileSync(path, 'utf8')) as Scenario, name);
}

export function resolveScenario(scenario: Scenario, name = 'inline', seen: string[] = []): ResolvedScenario {
  if (!Array.isArray(scenario.routes)) throw new Error(`Scenario "${name}": "routes" must be an array`);
  const own = scenario.routes.map((spec, i) => resolveRoute(spec, `${name} routes[${i}]`));
  let standIns = scenario.standIns ?? [];
  let routes = own;
  if (scenario.extends) {
    if (seen.includes(scenario.extends)) throw new Error(`Scenario "${name}": extends cycle via ${scenario.extends}`);
    const path = scenarioPath(scenario.extends);
    if (!existsSync(path)) throw new Error(`Scenario "${name}" extends unknown "${scenario.extends}"`);
    const parent = resolveScenario(JSON.parse(readFileSync(path, 'utf8')) as Scenario, scenario.extends, [...seen, name]);
    routes = [...own, ...parent.routes];
    // A stand-in declared here replaces the parent's declaration for the same route.
    const redeclared = new Set(standIns.map((s) => s.route));
    standIns = [...standIns, ...parent.standIns.filter((s) => !redeclared.has(s.route))];
  }
  const keys = new Set(routes.map((r) => r.key));
  for (const s of standIns) {
    if (!s.why?.trim()) throw new Error(`Scenario "${name}": stand-in for ${s.route} has no "why"`);
    if (!keys.has(s.route)) throw new Error(`Scenario "${name}": stand-in names no route: "${s.route}" (routes: ${[...keys].join('; ')})`);
  }
  return { name, description: scenario.description ?? '', standIns, routes };
}

/** Status and body of the demo's answer where nothing real was recorded: an upstream error, so the section shows its
 *  honest state ("not checked") instead of a stand-in's data. 503 is what an upstream that cannot answer sends. */
export const NOT_RECORDED_STATUS = 503;

/** The scenario as `npm run demo` serves it: each stand-in not marked `demo` (nor named in `keep`) answers 503 "not
 *  recorded". `keep` is for a shot that shows only a part the stand-in cannot change (e.g. one section). */
export function withoutStandIns(scenario: ResolvedScenario, keep: readonly string[] = []): ResolvedScenario {
  const replaced = new Set(scenario.standIns.filter((s) => !s.demo && !keep.includes(s.route)).map((s) => s.route));
  const routes = scenario.routes.map((route): ResolvedRoute => {
    if (!replaced.has(route.key)) return route;
    const body = Buffer.from(JSON.stringify({ message: `Not recorded: no real answer to ${route.key} is in the fixtures.` }), 'utf8');
    return { ...route, status: NOT_RECORDED_STATUS, headers: { 'content-type': 'application/json' }, body };
  });
  return { ...scenario, routes };
}

/** True when the scenario's pypi.org page is another package's, hosting the panel: screenshots crop to the panel. */
export function pageIsStandIn(scenario: ResolvedScenario, pagePath: string): boolean {
  return scenario.standIns.some((s) => s.demo === 'hosts-panel' && s.route === `pypi.org GET ${pagePath}`);
}

function resolveRoute(spec: RouteSpec, where: string): ResolvedRoute {
  if (!(UPSTREAM_HOSTS as readonly string[]).includes(spec.host)) throw new Error(`${where}: host "${spec.host}" is not an upstream host`);
  if (!spec.path === !spec.pathPrefix) throw new Error(`${where}: give exactly one of "path" / "pathPrefix"`);
  const sources = [spec.recorded, spec.project, spec.inline, spec.assembled, spec.file].filter((s) => s !== undefined);
  if (sources.length !== 1) throw new Error(`${where}: give exactly one of "recorded" / "project" / "inline" / "assembled" / "file"`);

  let body: Buffer;
  let fileForType = '';
  let meta: RecordedMeta | undefined;
  if (spec.recorded !== undefined) {
    const file = recordedPath(spec.recorded);
    body = readFileSync(file);
    fileForType = file;
    meta = readMeta(file);
  } else if (spec.project !== undefined) {
    const file = projectFixturePath(spec.project);
    if (!existsSync(file)) throw new Error(`${where}: project fixture missing: ${file}`);
    body = readFileSync(file);
    fileForType = file;
  } else if (spec.file !== undefined) {
    if (!isAbsolute(spec.file) || !existsSync(spec.file))
      throw new Error(`${where}: "file" must be an existing absolute path: ${spec.file}`);
    body = readFileSync(spec.file);
    fileForType = spec.file;
  } else if (spec.assembled !== undefined) {
    body = assemble(spec.assembled);
    fileForType = 'assembled.json';
  } else {
    body = Buffer.from(spec.inline ?? '', 'utf8');
  }
  const status = spec.status ?? meta?.status ?? 200;
  if (spec.inline !== undefined && status < 400) throw new Error(`${where}: "inline" bodies are for error answers only (status ≥ 400)`);
  if (spec.headersFromMeta && !meta)
    throw new Error(`${where}: headersFromMeta, but no .meta.json beside ${spec.recorded ?? spec.project}`);

  const headers: Record<string, string> = {};
  const byExt = CONTENT_TYPES[extname(fileForType).toLowerCase()];
  headers['content-type'] = byExt ?? (spec.inline !== undefined ? 'application/json' : 'application/octet-stream');
  if (spec.headersFromMeta && meta) Object.assign(headers, meta.headers);
  if (spec.contentType) headers['content-type'] = spec.contentType;
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
  return { spec, key: routeKey(spec), method: (spec.method ?? 'GET').toUpperCase(), status, headers, body };
}

interface RecordedMeta {
  status?: number;
  headers: Record<string, string>;
}

/** Read `<body>.meta.json` (x.json → x.meta.json, x.html → x.meta.json). Handles the three recorder shapes:
 *  headers as [[name, value]] (PyGithub) or {name: [values]} (betamax, go-vcr); status as a number, {code}, or "200 OK" + code. */
export function readMeta(bodyFile: string): RecordedMeta | undefined {
  const metaFile = bodyFile.replace(/\.[^./]+$/, '') + '.meta.json';
  if (!existsSync(metaFile)) return undefined;
  const raw = JSON.parse(readFileSync(metaFile, 'utf8')) as {
    response?: { status?: unknown; code?: unknown; headers?: unknown };
  };
  const res = raw.response ?? {};
  let status: number | undefined;
  if (typeof res.status === 'number') status = res.status;
  else if (typeof res.code === 'number') status = res.code;
  else if (res.status && typeof res.status === 'object' && typeof (res.status as { code?: unknown }).code === 'number')
    status = (res.status as { code: number }).code;
  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const k = name.toLowerCase();
    if (DROPPED_META_HEADERS.has(k)) return;
    headers[k] = headers[k] === undefined ? value : `${headers[k]}, ${value}`;
  };
  if (Array.isArray(res.headers)) {
    for (const pair of res.headers as unknown[]) if (Array.isArray(pair)) add(String(pair[0]), String(pair[1]));
  } else if (res.headers && typeof res.headers === 'object') {
    for (const [k, v] of Object.entries(res.headers as Record<string, unknown>))
      for (const value of Array.isArray(v) ? v : [v]) add(k, String(value));
  }
  return { status, headers };
}

/** True when every key/element given in `expected` equals the one in `actual` (arrays compared index by index). */
export function deepPartialMatch(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e, i) => deepPartialMatch(actual[i], e));
  return Object.entries(expected).every(([k, v]) => deepPartialMatch((actual as Record<string, unknown>)[k], v));
}
