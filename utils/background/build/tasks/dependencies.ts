// The Dependencies section: the viewed version's Requires-Dist (PyPI JSON), the graph deps.dev resolves
// from it, and every package of that graph checked as one lockfile — one OSV querybatch (chunked), the
// advisory records, malicious-code records read against the release history, the name checks.
// Beside the OSV check, each project's first-published date (dependency-ages.ts).
// Never on the verdict's path (DEFERRED_SECTIONS): the page asks for it with its own getDependencies message.
import type { DependencyChecks, ResolvedGraph, Section } from '../../../contract/report';
import type { NodeCheck } from '../../../analysis/dependency-risk';
import { checkTyposquat } from '../../../analysis/typosquat';
import { fetchDepsDevDependencies } from '../../../sources/deps-dev';
import { checkRequirements } from '../../requirements-check';
import { checkDependencyAges, type DependencyAges } from '../dependency-ages';
import { DISABLED } from '../graph';
import { dependsOn, releasesError, task } from '../facts';

export const dependenciesTask = task({
  id: 'dependencies',
  needs: ['releases', 'package', 'topList'],
  run: async ({ releases, package: pkg, topList }, ctx) => {
    if (!pkg.viewedVersion) return null;
    if (releases.state !== 'ok') return dependsOn(releasesError(releases));
    // Evaluated on first use: its PEP 508 grammar (pip-requirements-js, ohm) is the costliest module of the worker's start.
    const { judgeDependencies, nodeKey } = await import('../../../analysis/dependency-risk');
    const { displayName, viewedVersion, requiresDist } = releases.data;
    const graph: Section<ResolvedGraph> = ctx.settings.sources.depsDev
      ? await fetchDepsDevDependencies(ctx.http, displayName, viewedVersion)
      : DISABLED;
    const checks = new Map<string, NodeCheck>();
    let checkState: DependencyChecks = {
      advisories: ctx.settings.sources.osv ? { state: 'ok' } : { state: 'disabled' },
      names: Boolean(topList?.index),
      ages: { state: 'disabled' },
    };
    let ages: DependencyAges | null = null;
    if (graph.state === 'ok') {
      const packages = new Map<string, { name: string; version: string }>();
      for (const node of graph.data.nodes.slice(1)) packages.set(nodeKey(node.name, node.version), node);
      if (packages.size > 0) {
        const items = [...packages.values()].map((p) => ({ name: p.name, pinned: p.version, specifier: null }));
        // The ages go out beside the OSV batch: the section waits for the slower of the two, not their sum.
        const [check, checkedAges] = await Promise.all([
          checkRequirements(ctx, items),
          checkDependencyAges(ctx.http, graph.data.nodes.slice(1)),
        ]);
        ages = checkedAges;
        checkState = { ...checkState, ages: checkedAges.checks };
        checkState = { ...checkState, advisories: check.osv };
        for (const result of check.results) {
          const key = nodeKey(result.name, result.checkedVersion ?? '');
          const candidate = topList?.index ? checkTyposquat(result.name, topList.index).candidates[0] : undefined;
          checks.set(key, {
            malware: result.malware ?? 'none',
            advisories: result.advisories
              .filter((a) => !a.withdrawn)
              .map(({ id, summary, severity, malicious, url }) => ({ id, summary, severity, malicious, url })),
            lookAlike: candidate?.name ?? null,
          });
        }
      }
    }
    const data = judgeDependencies({
      version: viewedVersion,
      requiresDist: requiresDist ?? null,
      graph,
      checks,
      checkState,
      firstPublished: ages?.firstPublished,
      now: new Date(ctx.now()).toISOString(),
    });
    const fetchedAt = graph.state === 'ok' ? graph.fetchedAt : releases.fetchedAt;
    return { state: 'ok', data, fetchedAt, fromCache: graph.state === 'ok' ? graph.fromCache : releases.fromCache };
  },
});
