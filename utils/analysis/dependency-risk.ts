// Dependency risk: the viewed version's declared requirements and deps.dev's resolved graph, joined with
// what OSV and the name checks said of each package in it, into the Dependencies section — every package
// with its level (malicious code is danger; advisories are at most caution), worst first, and one summary line.
// Pure: no I/O, no clock.
import {
  type CodeFacts,
  type DeclaredRequirement,
  type DependencyAge,
  type DependencyAdvisory,
  type DependencyChecks,
  type DependencyFacts,
  type DependencyGraphFacts,
  type DependencyMalware,
  type DependencyNode,
  type Level,
  type RequirementsSource,
  type ResolvedGraph,
  type RequirementsDifference,
  type Section,
  YOUNG_DEPENDENCY_DAYS,
} from '../contract/report';
import { DAY_MS } from '../lib/time';
import { levelRank } from '../contract/levels';
import { normalizePackageName } from '../lib/package-name';
import { parseRequiresDist } from '../lib/requires-dist';
import { byCodeUnits } from '../lib/order';
import { plural } from '../lib/words';

/** What the checks found for one (name, version) of the graph. */
export type NodeCheck = { malware: DependencyMalware; advisories: DependencyAdvisory[]; lookAlike: string | null };

/** Packages named in the summary line per kind; the list below it names them all. */
export const SUMMARY_MAX_NAMED = 5;

export type DependencyInput = {
  version: string;
  /** PyPI's Requires-Dist lines of the viewed version; null when it lists none. */
  requiresDist: string[] | null;
  /** deps.dev's graph; 'disabled' when deps.dev is turned off in settings. */
  graph: Section<ResolvedGraph>;
  /** Keyed by nodeKey(name, version); a node without an entry was not checked. */
  checks: ReadonlyMap<string, NodeCheck>;
  checkState: DependencyChecks;
  /** Each project's first-published time (RFC 3339) by normalised name; a project without an entry was not asked or not known. */
  firstPublished?: ReadonlyMap<string, string>;
  /** The report's time (ISO), for the ages. */
  now?: string;
};

export const nodeKey = (name: string, version: string) => `${normalizePackageName(name)} ${version}`;

const projectUrl = (name: string) => `https://pypi.org/project/${encodeURIComponent(normalizePackageName(name))}/`;
const versionUrl = (name: string, version: string) => `${projectUrl(name)}${encodeURIComponent(version)}/`;

function levelOf(check: NodeCheck | undefined, errors: string[], age: DependencyAge | null): Level {
  if (check?.malware && check.malware !== 'none') return 'danger';
  // Advisories in a dependency: never more than caution.
  if (check?.advisories.some((a) => !a.malicious)) return 'caution';
  // A project too new to have a track record is a note on its own (real projects add new ones all the time:
  // DESIGN §7, youth alone is never a reason for caution); with a name that resembles a popular one, a caution.
  if (age?.young) return check?.lookAlike ? 'caution' : 'info';
  return check?.lookAlike || errors.length > 0 ? 'info' : 'good';
}

/** Whole days from `firstPublishedAt` to `now`; null when either is not a time or the date is in the future. */
export function ageOf(firstPublishedAt: string | undefined, now: string | undefined): DependencyAge | null {
  if (firstPublishedAt === undefined || now === undefined) return null;
  const elapsed = Date.parse(now) - Date.parse(firstPublishedAt);
  if (!Number.isFinite(elapsed) || elapsed < 0) return null;
  const days = Math.floor(elapsed / DAY_MS);
  return { firstPublishedAt, days, young: days < YOUNG_DEPENDENCY_DAYS };
}

/** Worst first; among dangers a package made to attack first; then most advisories, direct before indirect, by name. */
function compareNodes(a: DependencyNode, b: DependencyNode): number {
  const malwareRank = (n: DependencyNode) => (n.malware === 'malicious-package' ? 2 : n.malware === 'compromised-release' ? 1 : 0);
  return (
    levelRank(b.level) - levelRank(a.level) ||
    malwareRank(b) - malwareRank(a) ||
    b.advisories.length - a.advisories.length ||
    Number(a.relation === 'indirect') - Number(b.relation === 'indirect') ||
    byCodeUnits(a.normalizedName, b.normalizedName) ||
    byCodeUnits(a.version, b.version)
  );
}

function declared(input: DependencyInput): { source: RequirementsSource; requirements: DeclaredRequirement[] } {
  if (input.requiresDist) return { source: 'pypi-json', requirements: toDeclared(input.requiresDist) };
  // No Requires-Dist on PyPI: the requirements deps.dev resolved for the root are the next best reading.
  if (input.graph.state === 'ok') {
    const { nodes, edges } = input.graph.data;
    const requirements = edges
      .filter((e) => e.from === 0)
      .map((e): DeclaredRequirement => {
        const node = nodes[e.to]!;
        return {
          name: node.name,
          normalizedName: normalizePackageName(node.name),
          specifier: e.requirement,
          extras: [],
          marker: null,
          onlyWithExtra: null,
          text: `${node.name}${e.requirement ? ` ${e.requirement}` : ''}`,
          url: projectUrl(node.name),
        };
      });
    return { source: requirements.length > 0 ? 'deps-dev-graph' : 'none', requirements };
  }
  return { source: 'none', requirements: [] };
}

function graphNodes(graph: ResolvedGraph, input: DependencyInput): DependencyNode[] {
  const { checks } = input;
  const requirementOf = new Map<number, string | null>();
  for (const edge of graph.edges) if (!requirementOf.has(edge.to)) requirementOf.set(edge.to, edge.requirement);
  // One row per package version (a graph may hold the same one twice): direct wins over indirect.
  const byKey = new Map<string, DependencyNode>();
  graph.nodes.forEach((node, i) => {
    if (i === 0 || node.relation === 'self') return;
    const key = nodeKey(node.name, node.version);
    const check = checks.get(key);
    const age = ageOf(input.firstPublished?.get(normalizePackageName(node.name)), input.now);
    const known = byKey.get(key);
    if (known) {
      if (node.relation === 'direct') known.relation = 'direct';
      return;
    }
    byKey.set(key, {
      name: node.name,
      normalizedName: normalizePackageName(node.name),
      version: node.version,
      relation: node.relation,
      requirement: requirementOf.get(i) ?? null,
      url: versionUrl(node.name, node.version),
      level: levelOf(check, node.errors, age),
      malware: check?.malware ?? 'none',
      advisories: check?.advisories ?? [],
      lookAlike: check?.lookAlike ?? null,
      errors: node.errors,
      age,
    });
  });
  return [...byKey.values()].sort(compareNodes);
}

function named(nodes: DependencyNode[], describe: (n: DependencyNode) => string): string {
  const shown = nodes.slice(0, SUMMARY_MAX_NAMED).map((n) => `${n.name} ${n.version}${describe(n)}`);
  const more = nodes.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** "pulls in 23 packages (5 direct); 2 have advisories: urllib3 1.26.5 (3), idna 2.8 (1); none malicious". */
function graphSummary(nodes: DependencyNode[], directCount: number, checks: DependencyChecks): string {
  if (nodes.length === 0) return 'pulls in no other package';
  const parts = [`pulls in ${plural(nodes.length, 'package')} (${directCount} direct)`];
  if (checks.advisories.state !== 'ok') {
    parts.push(checks.advisories.state === 'disabled' ? 'advisories not checked (OSV is turned off)' : 'advisories not checked');
    return parts.join('; ');
  }
  const withAdvisories = nodes.filter((n) => n.advisories.some((a) => !a.malicious));
  if (withAdvisories.length > 0) {
    const count = (n: DependencyNode) => ` (${n.advisories.filter((a) => !a.malicious).length})`;
    parts.push(`${withAdvisories.length} ${withAdvisories.length === 1 ? 'has' : 'have'} advisories: ${named(withAdvisories, count)}`);
  } else parts.push('no advisories');
  const malicious = nodes.filter((n) => n.malware !== 'none');
  const how = (n: DependencyNode) => (n.malware === 'compromised-release' ? ' (compromised release)' : ' (malicious package)');
  parts.push(malicious.length > 0 ? `${malicious.length} malicious: ${named(malicious, how)}` : 'none malicious');
  const young = nodes.filter((n) => n.age?.young);
  if (young.length > 0) {
    const days = (n: DependencyNode) => ` (${plural(n.age!.days, 'day')})`;
    parts.push(`${young.length} first published under ${YOUNG_DEPENDENCY_DAYS} days ago: ${named(young, days)}`);
  }
  const lookAlikes = nodes.filter((n) => n.lookAlike);
  if (lookAlikes.length > 0) parts.push(`${plural(lookAlikes.length, 'name')} like a popular one`);
  return parts.join('; ');
}

function unavailable(graph: Exclude<Section<ResolvedGraph>, { state: 'ok' }>): Extract<DependencyGraphFacts, { state: 'unavailable' }> {
  if (graph.state === 'disabled') return { state: 'unavailable', reason: 'disabled', message: 'deps.dev is turned off in settings' };
  if (graph.error.kind === 'not-found') {
    return { state: 'unavailable', reason: 'no-graph', message: 'deps.dev has no resolved graph for this version', error: graph.error };
  }
  return { state: 'unavailable', reason: 'error', message: `deps.dev did not answer (${graph.error.message})`, error: graph.error };
}

/** "declares 11 requirements (3 only with extras)". */
function declaredLine(source: RequirementsSource, requirements: DeclaredRequirement[]): string {
  if (source === 'none' || requirements.length === 0) return 'declares no requirements';
  const defaults = requirements.filter((r) => r.onlyWithExtra === null).length;
  return `declares ${plural(requirements.length, 'requirement')}${defaults < requirements.length ? ` (${requirements.length - defaults} only with extras)` : ''}`;
}

const withoutGraphSummary = (source: RequirementsSource, requirements: DeclaredRequirement[], message: string) =>
  `${declaredLine(source, requirements)}; the resolved graph is not shown: ${message}`;

export function judgeDependencies(input: DependencyInput): DependencyFacts {
  const { source, requirements } = declared(input);
  if (input.graph.state !== 'ok') {
    const graph = unavailable(input.graph);
    return {
      version: input.version,
      requirementsSource: source,
      requirements,
      graph,
      summary: withoutGraphSummary(source, requirements, graph.message),
      level: 'good',
    };
  }
  const nodes = graphNodes(input.graph.data, input);
  const directCount = nodes.filter((n) => n.relation === 'direct').length;
  const level = nodes.reduce<Level>((worst, n) => (levelRank(n.level) > levelRank(worst) ? n.level : worst), 'good');
  return {
    version: input.version,
    requirementsSource: source,
    requirements,
    graph: {
      state: 'ok',
      nodes,
      directCount,
      error: input.graph.data.error,
      url: input.graph.data.url,
      checks: input.checkState,
    },
    summary: graphSummary(nodes, directCount, input.checkState),
    level,
  };
}

const toDeclared = (lines: readonly string[]): DeclaredRequirement[] =>
  lines.flatMap((text) => {
    const line = parseRequiresDist(text);
    return line ? [{ ...line, url: projectUrl(line.name) }] : [];
  });

/** One requirement as a comparable key: name, extras, specifier parts and marker, spacing and quoting aside. */
function requirementKey(r: DeclaredRequirement): string {
  const specifier = (r.specifier ?? '').replace(/\s+/g, '').split(',').filter(Boolean).sort().join(',');
  const marker = (r.marker ?? '').replace(/\s+/g, '').replace(/'/g, '"');
  return `${r.normalizedName}[${r.extras
    .map((e) => e.toLowerCase())
    .sort()
    .join(',')}]${specifier};${marker}`;
}

function differenceOf(metadata: DeclaredRequirement[], facts: DependencyFacts): RequirementsDifference | null {
  if (facts.requirementsSource !== 'pypi-json') {
    return metadata.length > 0 ? { onlyInMetadata: metadata.map((r) => r.text), onlyInPypiJson: [], pypiJsonListed: false } : null;
  }
  const metadataKeys = new Set(metadata.map(requirementKey));
  const pypiKeys = new Set(facts.requirements.map(requirementKey));
  const onlyInMetadata = metadata.filter((r) => !pypiKeys.has(requirementKey(r))).map((r) => r.text);
  const onlyInPypiJson = facts.requirements.filter((r) => !metadataKeys.has(requirementKey(r))).map((r) => r.text);
  return onlyInMetadata.length + onlyInPypiJson.length > 0 ? { onlyInMetadata, onlyInPypiJson, pypiJsonListed: true } : null;
}

/**
 * The declared requirements from the wheel the code checks read, when they read one of this version: its METADATA
 * is what pip installs from that wheel, so it replaces PyPI JSON's requires_dist (or deps.dev's reading), and
 * any difference between the two is kept to be shown. The graph and its judgement are unchanged.
 */
export function withWheelRequirements(facts: DependencyFacts, code: CodeFacts): DependencyFacts {
  if (facts.requirementsSource === 'wheel-metadata' || code.version !== facts.version) return facts;
  const wheel = code.distributions.find((d) => d.packageType === 'bdist_wheel' && d.state === 'scanned' && d.requiresDist);
  if (!wheel?.requiresDist) return facts;
  const requirements = toDeclared(wheel.requiresDist.lines);
  const summary = facts.graph.state === 'ok' ? facts.summary : withoutGraphSummary('wheel-metadata', requirements, facts.graph.message);
  return {
    ...facts,
    requirementsSource: 'wheel-metadata',
    requirementsFile: wheel.filename,
    requirementsDifference: differenceOf(requirements, facts),
    requirements,
    summary,
  };
}
