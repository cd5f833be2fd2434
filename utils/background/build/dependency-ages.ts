// When each project of a dependency graph was first published: one deps.dev GetPackage per project (the
// cheapest answer that dates a project's first version — PyPI's JSON lists every file too), a few at a time,
// at most MAX_AGE_CHECKS projects per graph (direct ones first), each answer cached a day.
import pLimit from 'p-limit';
import type { DependencyAgeChecks } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { fetchFirstPublished } from '../../sources/deps-dev';
import type { Http } from '../../sources/http';

/** Projects asked per graph: real graphs mostly hold fewer; past it the section says how many were not asked. */
export const MAX_AGE_CHECKS = 50;
/** deps.dev requests in flight at once for the ages: the client's own per-host limit, so other hosts never wait on them. */
export const AGE_CHECK_CONCURRENCY = 6;

export type DependencyAges = { firstPublished: Map<string, string>; checks: DependencyAgeChecks };

/** `nodes` in graph order; direct dependencies are asked before indirect ones, each project once. */
export async function checkDependencyAges(http: Http, nodes: readonly { name: string; relation: string }[]): Promise<DependencyAges> {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const node of [...nodes.filter((n) => n.relation === 'direct'), ...nodes.filter((n) => n.relation !== 'direct')]) {
    const name = normalizePackageName(node.name);
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  const asked = names.slice(0, MAX_AGE_CHECKS);
  const limit = pLimit(AGE_CHECK_CONCURRENCY);
  const answers = await Promise.all(asked.map((name) => limit(async () => [name, await fetchFirstPublished(http, name)] as const)));
  const firstPublished = new Map<string, string>();
  for (const [name, answer] of answers) {
    if (answer.state === 'ok' && answer.data.firstPublishedAt) firstPublished.set(name, answer.data.firstPublishedAt);
  }
  return {
    firstPublished,
    checks: { state: 'ok', asked: asked.length, answered: firstPublished.size, notAsked: names.length - asked.length, cap: MAX_AGE_CHECKS },
  };
}
