// Dependency risk: the viewed version's declared requirements and deps.dev's resolved graph, joined with
// what OSV and the name checks said of each package in it, into the Dependencies section — every package
// with its level (malicious code is danger; advisories are at most caution), worst first, and one summary line.
// Pure: no I/O, no clock.
import type {
  DeclaredRequirement,
  DependencyAdvisory,
  DependencyChecks,
  DependencyFacts,
  DependencyGraphFacts,
  DependencyMalware,
  DependencyNode,
  Level,
  RequirementsSource,
  ResolvedGraph,
  Section,
} from '../contract/report';
import { levelRank } from '../contract/levels';
import { normalizePackageName } from '../lib/package-name';
import { parseRequiresDist } from '../lib/requires-dist';
import { byCodeUnits } from '../lib/order';
import { plural } from '../lib/words';

/** What the checks found for one (name, version) of the graph. */
export type NodeCheck = { malware: DependencyMalware; advisories: DependencyAdvisory[]; lookAlike: string | null };

/** Packages named in the summary line per kind; the list below it names them all. */
export const SUMMARY_MAX_NAMED = 5;

/** Why the age of dependencies is not shown: it would cost one PyPI request per package of the graph. */
export const AGE_NOT_CHECKED = 'Not checked: it would take one PyPI request per package of the graph';

export type DependencyInput = {
  version: string;
  /** PyPI's Requires-Dist lines of the viewed version; null when it lists none. */
  requiresDist: string[] | null;
  /** deps.dev's graph; 'disabled' when deps.dev is turned off in settings. */
  graph: Section<ResolvedGraph>;
  /** Keyed by nodeKey(name, version); a node without an entry was not checked. */
  checks: ReadonlyMap<string, NodeCheck>;
  checkState: DependencyChecks;
};

export const nodeKey = (name: string, version: string) => `${normalizePackageName(name)} ${version}`;

const projectUrl = (name: string) => `https://pypi.org/project/${encodeURIComponent(normalizePackageName(name))}/`;
const versionUrl = (name: string, version: string) => `${projectUrl(name)}${encodeURIComponent(version)}/`;

function levelOf(check: NodeCheck | undefined, errors: string[]): Level {
  if (!check) return errors.length > 0 ? 'info' : 'good';
  if (check.malware !== 'none') return 'danger';
  // Advisories in a dependency: never more than caution (the viewed package may not use the affected code).
  if (check.advisories.some((a) => !a.malicious)) return 'caution';
  return check.lookAlike || errors.length > 0 ? 'info' : 'good';
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
  if (input.requiresDist) {
    const requirements = input.requiresDist.flatMap((text) => {
      const line = parseRequiresDist(text);
      return line ? [{ ...line, url: projectUrl(line.name) }] : [];
    });
    return { source: 'pypi-json', requirements };
  }
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

function graphNodes(graph: ResolvedGraph, checks: ReadonlyMap<string, NodeCheck>): DependencyNode[] {
  const requirementOf = new Map<number, string | null>();
  for (const edge of graph.edges) if (!requirementOf.has(edge.to)) requirementOf.set(edge.to, edge.requirement);
  // One row per package version (a graph may hold the same one twice): direct wins over indirect.
  const byKey = new Map<string, DependencyNode>();
  graph.nodes.forEach((node, i) => {
    if (i === 0 || node.relation === 'self') return;
    const key = nodeKey(node.name, node.version);
    const check = checks.get(key);
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
      level: levelOf(check, node.errors),
      malware: check?.malware ?? 'none',
      advisories: check?.advisories ?? [],
      lookAlike: check?.lookAlike ?? null,
      errors: node.errors,
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

export function judgeDependencies(input: DependencyInput): DependencyFacts {
  const { source, requirements } = declared(input);
  const defaults = requirements.filter((r) => r.onlyWithExtra === null).length;
  const declaredLine =
    source === 'none'
      ? 'declares no requirements'
      : `declares ${plural(requirements.length, 'requirement')}${defaults < requirements.length ? ` (${requirements.length - defaults} only with extras)` : ''}`;
  if (input.graph.state !== 'ok') {
    const graph = unavailable(input.graph);
    return {
      version: input.version,
      requirementsSource: source,
      requirements,
      graph,
      summary: `${declaredLine}; the resolved graph is not shown: ${graph.message}`,
      level: 'good',
    };
  }
  const nodes = graphNodes(input.graph.data, input.checks);
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
