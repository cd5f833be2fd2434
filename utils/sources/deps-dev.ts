// deps.dev (Open Source Insights) v3: which repository a PyPI version is linked to and how that link
// was found (an attestation, or only metadata), and the repository's OpenSSF Scorecard.
// Also the resolved dependency graph of a version (GetDependencies, `:dependencies`).
// Field names follow deps.dev's api/v3/api.proto in its JSON form (lowerCamelCase, enums as names).
import * as z from 'zod/mini';
import type {
  DepsDevProject,
  DepsDevVersion,
  Normalised,
  RepositoryClaimants,
  RepositoryLink,
  ResolvedGraph,
  ScorecardCheck,
  Section,
} from '../contract/report';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../lib/package-name';
import { safeHttpsUrl } from '../lib/safe-url';
import { type Http, sourceError } from './http';
import { byCodeUnits } from '../lib/order';
import { HOUR_MS } from '../lib/time';

export const DEPS_DEV_API = 'https://api.deps.dev/v3';
export const DEPS_DEV_VERSION_TTL_MS = HOUR_MS;
/** Stars and Scorecard results are recomputed weekly at most; six hours is plenty fresh. */
export const DEPS_DEV_PROJECT_TTL_MS = 6 * HOUR_MS;
export const DEPS_DEV_MAX_BODY_BYTES = 1024 * 1024;

/** deps.dev project keys: host/owner/name on the three hosts it knows (GitLab may nest groups). */
const PROJECT_KEY = /^(github\.com|gitlab\.com|bitbucket\.org)(\/[A-Za-z0-9._~-]+){2,}$/;

const text = z.catch(z.optional(z.string()), undefined);
const count = z.catch(z.optional(z.number()), undefined);

export const DepsDevVersionBody = z.object({
  versionKey: z.catch(z.optional(z.object({ system: text, name: text, version: text })), undefined),
  advisoryKeys: z.catch(z.array(z.catch(z.nullable(z.object({ id: z.string() })), null)), []),
  attestations: z.catch(z.array(z.object({ type: text, url: text, verified: z.catch(z.optional(z.boolean()), undefined) })), []),
  // One odd entry must not hide the others: each is checked on its own.
  relatedProjects: z.catch(
    z.array(
      z.catch(
        z.nullable(
          z.object({
            projectKey: z.object({ id: z.string() }),
            relationProvenance: text,
            relationType: text,
          }),
        ),
        null,
      ),
    ),
    [],
  ),
});
export type DepsDevVersionBody = z.infer<typeof DepsDevVersionBody>;

const ScorecardBody = z.object({
  date: text,
  overallScore: z.number(),
  checks: z.catch(
    z.array(
      z.object({
        name: z.string(),
        score: count,
        reason: text,
        documentation: z.catch(z.optional(z.object({ url: text })), undefined),
      }),
    ),
    [],
  ),
});

export const DepsDevProjectBody = z.object({
  projectKey: z.object({ id: z.string() }),
  starsCount: count,
  forksCount: count,
  openIssuesCount: count,
  scorecard: z.catch(z.optional(ScorecardBody), undefined),
});
export type DepsDevProjectBody = z.infer<typeof DepsDevProjectBody>;

/** How deps.dev learned of the link: an attestation proves it, metadata only claims it. */
function provenanceOf(relationProvenance: string | undefined): DepsDevVersion['relatedProjects'][number]['provenance'] {
  switch (relationProvenance) {
    case 'PYPI_PUBLISH_ATTESTATION':
    case 'SLSA_ATTESTATION': // also a signed statement naming the source repository
      return 'verified';
    case 'UNVERIFIED_METADATA':
      return 'claimed';
    default:
      return 'unknown';
  }
}

/** The deps.dev web page of a package version (evidence link). */
export function depsDevVersionPage(name: string, version: string): string {
  return `https://deps.dev/pypi/${encodeURIComponent(normalizePackageName(name))}/${encodeURIComponent(version)}`;
}

function depsDevProjectPage(projectKey: string): string {
  const [host = '', ...path] = projectKey.split('/');
  const kind = host.split('.')[0] ?? host; // github.com → github, as deps.dev's own URLs
  return `https://deps.dev/project/${kind}/${encodeURIComponent(path.join('/'))}`;
}

function toDepsDevVersion(body: DepsDevVersionBody, name: string, version: string): DepsDevVersion {
  return {
    relatedProjects: body.relatedProjects.flatMap((project) =>
      project !== null && PROJECT_KEY.test(project.projectKey.id)
        ? [
            {
              projectKey: project.projectKey.id,
              relation: project.relationType ?? 'UNKNOWN_PROJECT_RELATION_TYPE',
              provenance: provenanceOf(project.relationProvenance),
            },
          ]
        : [],
    ),
    attestationCount: body.attestations.length,
    advisoryKeys: [...new Set(body.advisoryKeys.flatMap((key) => (key ? [key.id] : [])))],
    url: depsDevVersionPage(name, version),
  };
}

export function normaliseDepsDevVersion(raw: unknown, name: string, version: string): Normalised<DepsDevVersion> {
  const parsed = z.safeParse(DepsDevVersionBody, raw);
  if (!parsed.success) return { ok: false, error: sourceError('malformed', 'deps.dev sent data of an unexpected shape') };
  return { ok: true, data: toDepsDevVersion(parsed.data, name, version) };
}

function toDepsDevProject(body: DepsDevProjectBody): Normalised<DepsDevProject> {
  const projectKey = body.projectKey.id;
  if (!PROJECT_KEY.test(projectKey)) return { ok: false, error: sourceError('malformed', 'deps.dev sent an unknown project key') };
  const scorecard = body.scorecard;
  return {
    ok: true,
    data: {
      projectKey,
      stars: body.starsCount ?? null,
      forks: body.forksCount ?? null,
      openIssues: body.openIssuesCount ?? null,
      scorecard: scorecard
        ? {
            score: scorecard.overallScore,
            date: scorecard.date ?? null,
            checks: scorecard.checks.map(
              (check): ScorecardCheck => ({
                name: check.name,
                // A negative score means the check could not run: no score, not a bad one.
                score: check.score !== undefined && check.score >= 0 ? check.score : null,
                reason: check.reason ?? null,
                url: safeHttpsUrl(check.documentation?.url),
              }),
            ),
          }
        : null,
      url: depsDevProjectPage(projectKey),
    },
  };
}

export function normaliseDepsDevProject(raw: unknown): Normalised<DepsDevProject> {
  const parsed = z.safeParse(DepsDevProjectBody, raw);
  if (!parsed.success) return { ok: false, error: sourceError('malformed', 'deps.dev sent data of an unexpected shape') };
  return toDepsDevProject(parsed.data);
}

const DEPS_DEV_HOSTS = new Map<RepositoryLink['host'], string>([
  ['github', 'github.com'],
  ['gitlab', 'gitlab.com'],
  ['bitbucket', 'bitbucket.org'],
]);

/** deps.dev's key for a repository we resolved (only the hosts deps.dev tracks). */
export function depsDevProjectKey(link: RepositoryLink): string | null {
  const host = DEPS_DEV_HOSTS.get(link.host);
  if (!host || link.owner === null || link.name === null) return null;
  const key = `${host}/${link.owner}/${link.name}`;
  return PROJECT_KEY.test(key) ? key : null;
}

export async function fetchDepsDevVersion(http: Http, name: string, version: string): Promise<Section<DepsDevVersion>> {
  if (!isValidPackageName(name) || !isPlausibleVersion(version)) {
    return { state: 'error', error: sourceError('malformed', 'Not a valid package name or version') };
  }
  const url = `${DEPS_DEV_API}/systems/pypi/packages/${encodeURIComponent(normalizePackageName(name))}/versions/${encodeURIComponent(version)}`;
  const result = await http.getJson(url, DepsDevVersionBody, {
    ttlMs: DEPS_DEV_VERSION_TTL_MS,
    maxBodyBytes: DEPS_DEV_MAX_BODY_BYTES,
  });
  if (!result.ok) return { state: 'error', error: result.error };
  return { state: 'ok', data: toDepsDevVersion(result.data, name, version), fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

/** GET /v3/projects/<github.com%2Fo%2Fr>: the key is one path segment, so its slashes are encoded. */
export async function fetchDepsDevProject(http: Http, projectKey: string): Promise<Section<DepsDevProject>> {
  if (!PROJECT_KEY.test(projectKey)) return { state: 'error', error: sourceError('malformed', 'Not a deps.dev project key') };
  const result = await http.getJson(`${DEPS_DEV_API}/projects/${encodeURIComponent(projectKey)}`, DepsDevProjectBody, {
    ttlMs: DEPS_DEV_PROJECT_TTL_MS,
    maxBodyBytes: DEPS_DEV_MAX_BODY_BYTES,
  });
  if (!result.ok) return { state: 'error', error: result.error };
  const normalised = toDepsDevProject(result.data);
  if (!normalised.ok) return { state: 'error', error: normalised.error };
  return { state: 'ok', data: normalised.data, fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

// ---------------------------------------------------------------- other packages claiming a repository

/** GET /v3/projects/<key>:packageversions (at most 1500 versions, attested ones first). */
export const DepsDevProjectPackageVersionsBody = z.object({
  versions: z.catch(
    z.array(
      z.catch(
        z.nullable(
          z.object({
            versionKey: z.object({ system: text, name: z.string(), version: text }),
            relationProvenance: text,
            relationType: text,
          }),
        ),
        null,
      ),
    ),
    [],
  ),
});

/** Pure: the PyPI packages among the versions deps.dev maps to a repository, most versions first. */
export function toRepositoryClaimants(body: z.infer<typeof DepsDevProjectPackageVersionsBody>, projectKey: string): RepositoryClaimants {
  const byName = new Map<string, { versions: number; verified: boolean }>();
  for (const version of body.versions) {
    // Issue-tracker links say nothing about what the repository builds.
    if (!version || version.versionKey.system !== 'PYPI' || version.relationType === 'ISSUE_TRACKER') continue;
    const name = normalizePackageName(version.versionKey.name);
    if (!isValidPackageName(name)) continue;
    const entry = byName.get(name) ?? { versions: 0, verified: false };
    entry.versions += 1;
    entry.verified ||= provenanceOf(version.relationProvenance) === 'verified';
    byName.set(name, entry);
  }
  const packages = [...byName.entries()]
    .map(([name, entry]) => ({ name, ...entry, url: `https://pypi.org/project/${encodeURIComponent(name)}/` }))
    .sort((a, b) => b.versions - a.versions || byCodeUnits(a.name, b.name));
  return { projectKey, packages, url: depsDevProjectPage(projectKey) };
}

export async function fetchRepositoryClaimants(http: Http, projectKey: string): Promise<Section<RepositoryClaimants>> {
  if (!PROJECT_KEY.test(projectKey)) return { state: 'error', error: sourceError('malformed', 'Not a deps.dev project key') };
  const url = `${DEPS_DEV_API}/projects/${encodeURIComponent(projectKey)}:packageversions`;
  const result = await http.getJson(url, DepsDevProjectPackageVersionsBody, {
    ttlMs: DEPS_DEV_PROJECT_TTL_MS,
    maxBodyBytes: DEPS_DEV_MAX_BODY_BYTES,
  });
  if (!result.ok) return { state: 'error', error: result.error };
  return { state: 'ok', data: toRepositoryClaimants(result.data, projectKey), fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

// ---------------------------------------------------------------- the resolved dependency graph

/** Nodes kept from one graph: far above any real PyPI install (a few hundred), far below a body that means harm. */
export const MAX_GRAPH_NODES = 5000;
/** A graph of thousands of nodes is larger than a version's own record: the cap allows it. */
export const DEPS_DEV_GRAPH_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Node errors kept per node, and their length: remote text for humans, only ever shown. */
const MAX_NODE_ERRORS = 5;
const MAX_ERROR_CHARS = 500;

const index = z.catch(z.optional(z.number()), undefined);

/**
 * GetDependencies (api.proto `Dependencies`): `nodes[{versionKey, bundled, relation, errors}]`, the first
 * being the root; `edges[{fromNode, toNode, requirement}]` indexing into `nodes`; a graph-wide `error`.
 * proto3 JSON leaves out zero values, so `fromNode: 0` (the root) may be absent.
 */
export const DepsDevDependenciesBody = z.object({
  nodes: z.array(
    z.catch(
      z.nullable(
        z.object({
          versionKey: z.object({ system: text, name: z.string(), version: z.string() }),
          bundled: z.catch(z.optional(z.boolean()), undefined),
          relation: text,
          errors: z.catch(z.optional(z.array(z.catch(z.string(), ''))), undefined),
        }),
      ),
      null,
    ),
  ),
  edges: z.catch(
    z.optional(z.array(z.catch(z.nullable(z.object({ fromNode: index, toNode: index, requirement: text })), null))),
    undefined,
  ),
  error: text,
});
export type DepsDevDependenciesBody = z.infer<typeof DepsDevDependenciesBody>;

const RELATIONS: Record<string, ResolvedGraph['nodes'][number]['relation']> = { SELF: 'self', DIRECT: 'direct', INDIRECT: 'indirect' };
const clipText = (value: string) => (value.length > MAX_ERROR_CHARS ? `${value.slice(0, MAX_ERROR_CHARS - 1)}…` : value);

/**
 * Pure: the body → our graph. Node 0 must be the root (relation SELF); nodes that are not PyPI packages with
 * a valid name and version, or bundled, are dropped and every edge re-indexed; an edge to a dropped or absent
 * node is dropped.
 */
export function toResolvedGraph(body: DepsDevDependenciesBody, name: string, version: string): Normalised<ResolvedGraph> {
  const root = body.nodes[0];
  if (!root || (root.relation !== undefined && root.relation !== 'SELF')) {
    return { ok: false, error: sourceError('malformed', 'deps.dev sent a graph without its root first') };
  }
  if (body.nodes.length > MAX_GRAPH_NODES) return { ok: false, error: sourceError('malformed', 'deps.dev sent an oversized graph') };
  const kept = new Map<number, number>();
  const nodes: ResolvedGraph['nodes'] = [];
  body.nodes.forEach((node, i) => {
    if (!node || node.bundled === true) return;
    if (node.versionKey.system !== undefined && node.versionKey.system !== 'PYPI') return;
    if (!isValidPackageName(node.versionKey.name) || !isPlausibleVersion(node.versionKey.version)) return;
    const relation = i === 0 ? 'self' : (RELATIONS[node.relation ?? ''] ?? 'indirect');
    // Only the first node is the root: a SELF elsewhere is a package like any other, kept as indirect.
    kept.set(i, nodes.length);
    nodes.push({
      name: node.versionKey.name,
      version: node.versionKey.version,
      relation: i > 0 && relation === 'self' ? 'indirect' : relation,
      errors: (node.errors ?? [])
        .filter((e) => e.length > 0)
        .slice(0, MAX_NODE_ERRORS)
        .map(clipText),
    });
  });
  if (!kept.has(0)) return { ok: false, error: sourceError('malformed', 'deps.dev sent a graph whose root is not a PyPI package') };
  const edges = (body.edges ?? []).flatMap((edge) => {
    if (!edge) return [];
    const from = kept.get(edge.fromNode ?? 0);
    const to = kept.get(edge.toNode ?? 0);
    if (from === undefined || to === undefined || from === to) return [];
    return [{ from, to, requirement: edge.requirement ? clipText(edge.requirement) : null }];
  });
  return { ok: true, data: { nodes, edges, error: body.error ? clipText(body.error) : null, url: depsDevVersionPage(name, version) } };
}

export function normaliseDepsDevDependencies(raw: unknown, name: string, version: string): Normalised<ResolvedGraph> {
  const parsed = z.safeParse(DepsDevDependenciesBody, raw);
  if (!parsed.success) return { ok: false, error: sourceError('malformed', 'deps.dev sent data of an unexpected shape') };
  return toResolvedGraph(parsed.data, name, version);
}

/** GET /v3/systems/pypi/packages/<name>/versions/<v>:dependencies — resolved for a generic 64-bit Linux. */
export async function fetchDepsDevDependencies(http: Http, name: string, version: string): Promise<Section<ResolvedGraph>> {
  if (!isValidPackageName(name) || !isPlausibleVersion(version)) {
    return { state: 'error', error: sourceError('malformed', 'Not a valid package name or version') };
  }
  const url = `${DEPS_DEV_API}/systems/pypi/packages/${encodeURIComponent(normalizePackageName(name))}/versions/${encodeURIComponent(version)}:dependencies`;
  const result = await http.getJson(url, DepsDevDependenciesBody, {
    ttlMs: DEPS_DEV_VERSION_TTL_MS,
    maxBodyBytes: DEPS_DEV_GRAPH_MAX_BODY_BYTES,
  });
  if (!result.ok) return { state: 'error', error: result.error };
  const graph = toResolvedGraph(result.data, name, version);
  if (!graph.ok) return { state: 'error', error: graph.error };
  return { state: 'ok', data: graph.data, fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

// ---------------------------------------------------------------- when a project was first published

/** A project's first publication never moves; a day keeps a name that was removed and registered again from hiding long. */
export const DEPS_DEV_PACKAGE_TTL_MS = 24 * HOUR_MS;
/** RFC 3339 as proto3 JSON writes a Timestamp ("2011-02-13T18:38:00Z", optional fraction, Z or an offset). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** GetPackage (api.proto `Package`): `packageKey`, `versions[{versionKey, publishedAt, isDefault}]`. */
export const DepsDevPackageBody = z.object({
  packageKey: z.catch(z.optional(z.object({ system: text, name: text })), undefined),
  versions: z.catch(
    z.array(
      z.catch(
        z.nullable(
          z.object({
            versionKey: z.catch(z.optional(z.object({ system: text, name: text, version: text })), undefined),
            publishedAt: text,
            isDefault: z.catch(z.optional(z.boolean()), undefined),
          }),
        ),
        null,
      ),
    ),
    [],
  ),
});
export type DepsDevPackageBody = z.infer<typeof DepsDevPackageBody>;

/** Pure: the earliest publishedAt of any version (RFC 3339), or null when deps.dev dates none. */
export function firstPublishedAt(body: DepsDevPackageBody): string | null {
  let first: { at: string; ms: number } | null = null;
  for (const version of body.versions) {
    const at = version?.publishedAt;
    if (!at || !RFC3339.test(at)) continue;
    const ms = Date.parse(at);
    if (Number.isFinite(ms) && (first === null || ms < first.ms)) first = { at, ms };
  }
  return first?.at ?? null;
}

/** Only the earliest dated version is cached: a project with thousands of versions keeps one. */
function keepEarliest(body: DepsDevPackageBody): DepsDevPackageBody {
  const at = firstPublishedAt(body);
  return { packageKey: body.packageKey, versions: body.versions.filter((v) => v?.publishedAt === at).slice(0, 1) };
}

/** GET /v3/systems/pypi/packages/<name>: every version with its publishedAt; we keep the first one's. */
export async function fetchFirstPublished(http: Http, name: string): Promise<Section<{ firstPublishedAt: string | null }>> {
  if (!isValidPackageName(name)) return { state: 'error', error: sourceError('malformed', 'Not a valid package name') };
  const url = `${DEPS_DEV_API}/systems/pypi/packages/${encodeURIComponent(normalizePackageName(name))}`;
  const result = await http.getJson(url, DepsDevPackageBody, {
    ttlMs: DEPS_DEV_PACKAGE_TTL_MS,
    maxBodyBytes: DEPS_DEV_MAX_BODY_BYTES,
    keep: keepEarliest,
  });
  if (!result.ok) return { state: 'error', error: result.error };
  return {
    state: 'ok',
    data: { firstPublishedAt: firstPublishedAt(result.data) },
    fetchedAt: result.fetchedAt,
    fromCache: result.fromCache,
  };
}
