// The dependencies rule, table-driven on facts the graph judgement made from the synthetic luigi graph:
// malicious code in a dependency version is danger, advisories at most caution, naming which; no graph,
// nothing said.
import { describe, expect, it } from 'vitest';
import { judgeDependencies, type NodeCheck, nodeKey } from '../../../../../utils/analysis/dependency-risk';
import type { DependencyFacts, Section } from '../../../../../utils/contract/report';
import { normaliseDepsDevDependencies } from '../../../../../utils/sources/deps-dev';
import { judge } from '../../../../../utils/trust';
import { dependencies } from '../../../../../utils/trust/rules/dependencies';
import { readProjectFixture } from '../../../../support/fixtures';
import { disabled, inputFor, ok } from '../facts';

const ctx = { now: '2026-11-25T12:00:00.000Z' };
const graph = normaliseDepsDevDependencies(readProjectFixture('synthetic-depsdev-dependencies-luigi-3.6.0.json'), 'luigi', '3.6.0');
const adv = (id: string, malicious = false) => ({
  id,
  summary: null,
  severity: 'high' as const,
  malicious,
  url: `https://osv.dev/vulnerability/${id}`,
});

function factsWith(checks: Record<string, Partial<NodeCheck>>, firstPublished?: Map<string, string>): DependencyFacts {
  if (!graph.ok) throw new Error(graph.error.message);
  const map = new Map(
    Object.entries(checks).map(([key, c]) => {
      const [name, version] = key.split(' ');
      return [nodeKey(name!, version!), { malware: 'none' as const, advisories: [], lookAlike: null, ...c }];
    }),
  );
  return judgeDependencies({
    version: '3.6.0',
    requiresDist: null,
    graph: { state: 'ok', data: graph.data, fetchedAt: ctx.now, fromCache: false },
    checks: map,
    checkState: { advisories: { state: 'ok' }, names: true, ages: { state: 'disabled' as const } },
    firstPublished,
    now: ctx.now,
  });
}
const inputWith = (section: Section<DependencyFacts>) => ({ ...inputFor('luigi', '3.6.0', '3.6.0', {}), dependencies: section });

describe('rule dependencies', () => {
  it.each([
    [
      'a compromised release',
      { 'litellm 1.82.7': { malware: 'compromised-release' as const, advisories: [adv('MAL-2026-2144', true)] } },
      ['danger'],
      'A dependency release was compromised: litellm 1.82.7',
    ],
    [
      'a malicious package',
      { 'emoji 2.14.0': { malware: 'malicious-package' as const, advisories: [adv('MAL-2026-15859', true)] } },
      ['danger'],
      'A dependency is malicious: emoji 2.14.0',
    ],
    [
      'advisories, however severe',
      { 'requests 2.20.0': { advisories: [adv('GHSA-x84v-xcm2-53pg'), adv('PYSEC-2023-74')] } },
      ['caution'],
      '1 dependency with advisories: requests 2.20.0',
    ],
    ['a look-alike name alone', { 'emoji 2.14.0': { lookAlike: 'emojis' } }, [], null],
    ['nothing found', {}, [], null],
  ])('%s', (_, checks, levels, title) => {
    const findings = dependencies.evaluate(inputWith(ok(factsWith(checks))), ctx);
    expect(findings.map((f) => f.level)).toEqual(levels);
    if (title) expect(findings[0]!.title).toBe(title);
  });

  it('both: the danger names the compromised release, the caution names the vulnerable ones, each linking its evidence', () => {
    const facts = factsWith({
      'litellm 1.82.7': { malware: 'compromised-release', advisories: [adv('MAL-2026-2144', true)] },
      'requests 2.20.0': { advisories: [adv('GHSA-x84v-xcm2-53pg')] },
      'protobuf 4.25.5': { advisories: [adv('GHSA-7gcm-g887-7qv7'), adv('PYSEC-2026-1805')] },
    });
    const findings = dependencies.evaluate(inputWith(ok(facts)), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([
      ['danger', 'A dependency release was compromised: litellm 1.82.7'],
      ['caution', '2 dependencies with advisories: protobuf 4.25.5, requests 2.20.0'],
    ]);
    expect(findings[0]!.detail).toContain('litellm 1.82.7 (a compromised release: MAL-2026-2144)');
    expect(findings[0]!.evidence.map((e) => e.url)).toEqual([
      'https://pypi.org/project/litellm/1.82.7/',
      'https://osv.dev/vulnerability/MAL-2026-2144',
      'https://deps.dev/pypi/luigi/3.6.0',
    ]);
    expect(judge(inputWith(ok(facts)), ctx).verdict.level).toBe('danger');
  });

  it('no graph, or the section not in: nothing', () => {
    const noGraph = judgeDependencies({
      version: '3.6.0',
      requiresDist: null,
      graph: { state: 'disabled' },
      checks: new Map(),
      checkState: { advisories: { state: 'ok' }, names: true, ages: { state: 'disabled' } },
    });
    expect(dependencies.evaluate(inputWith(ok(noGraph)), ctx)).toEqual([]);
    expect(dependencies.evaluate(inputWith(disabled), ctx)).toEqual([]);
    expect(dependencies.evaluate(inputFor('luigi', '3.6.0', '3.6.0', {}), ctx)).toEqual([]);
  });
});

describe('rule dependencies: young dependency projects', () => {
  it('a project first published under 90 days ago is a note naming it and its age, linking it and the graph', () => {
    const facts = factsWith({}, new Map([['emoji', '2026-11-05T12:00:00Z']]));
    const findings = dependencies.evaluate(inputWith(ok(facts)), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([['info', '1 dependency first published under 90 days ago: emoji 2.14.0']]);
    expect(findings[0]!.detail).toContain('emoji 2.14.0 (first published 20 days ago, 2026-11-05)');
    expect(findings[0]!.evidence.map((e) => e.url)).toEqual([
      'https://pypi.org/project/emoji/2.14.0/',
      facts.graph.state === 'ok' ? facts.graph.url : '',
    ]);
    expect(judge(inputWith(ok(facts)) as never, ctx).verdict.level).not.toBe('caution');
  });

  it('a young project whose name resembles a popular one is a caution', () => {
    const facts = factsWith({}, new Map([['emoji', '2026-11-05T12:00:00Z']]));
    if (facts.graph.state !== 'ok') throw new Error('expected a graph');
    const nodes = facts.graph.nodes.map((n) => (n.normalizedName === 'emoji' ? { ...n, lookAlike: 'emojis' } : n));
    const planted = { ...facts, graph: { ...facts.graph, nodes } };
    const findings = dependencies.evaluate(inputWith(ok(planted)), ctx);
    expect(findings.map((f) => f.level)).toEqual(['caution']);
    expect(findings[0]!.detail).toContain('its name resembles a popular one');
  });

  it('90 days and older: nothing said', () => {
    const facts = factsWith({}, new Map([['emoji', '2026-08-27T12:00:00Z']]));
    expect(dependencies.evaluate(inputWith(ok(facts)), ctx)).toEqual([]);
  });

  it('states its threshold once, with a reason', () => {
    expect(dependencies.thresholds).toEqual([expect.objectContaining({ name: 'YOUNG_DEPENDENCY_DAYS', value: 90 })]);
  });
});
