// The graph judgement: deps.dev's graph (synthetic, api.proto) joined with per-package checks into levels,
// an order (worst first) and one summary line; the declared requirements from recorded PyPI JSON.
import { describe, expect, it } from 'vitest';
import {
  ageOf,
  judgeDependencies,
  withWheelRequirements,
  type DependencyInput,
  type NodeCheck,
  nodeKey,
  SUMMARY_MAX_NAMED,
} from '../../../../utils/analysis/dependency-risk';
import type { CodeFacts, DependencyAdvisory, ResolvedGraph, Section } from '../../../../utils/contract/report';
import { normaliseReleaseFacts, PypiJson } from '../../../../utils/sources/pypi-json';
import { normaliseDepsDevDependencies } from '../../../../utils/sources/deps-dev';
import { readProjectFixture, readRecorded } from '../../../support/fixtures';
import * as z from 'zod/mini';

const graphOf = (file: string, name: string, version: string): Section<ResolvedGraph> => {
  const graph = normaliseDepsDevDependencies(readProjectFixture(file), name, version);
  if (!graph.ok) throw new Error(graph.error.message);
  return { state: 'ok', data: graph.data, fetchedAt: '2026-09-05T00:00:00.000Z', fromCache: false };
};
const AIOHTTP_GRAPH = graphOf('synthetic-depsdev-dependencies-aiohttp-3.12.15.json', 'aiohttp', '3.12.15');
const AIOHTTP_REQUIRES = normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/aiohttp-3.12.15.json')), null).requiresDist!;

const advisory = (id: string, malicious = false): DependencyAdvisory => ({
  id,
  summary: null,
  severity: 'unknown',
  malicious,
  url: `https://osv.dev/vulnerability/${id}`,
});
const CHECKED = { advisories: { state: 'ok' as const }, names: true, ages: { state: 'disabled' as const } };

function input(checks: [string, string, Partial<NodeCheck>][], over: Partial<DependencyInput> = {}): DependencyInput {
  return {
    version: '3.12.15',
    requiresDist: AIOHTTP_REQUIRES,
    graph: AIOHTTP_GRAPH,
    checks: new Map(
      checks.map(([name, version, c]) => [nodeKey(name, version), { malware: 'none', advisories: [], lookAlike: null, ...c }]),
    ),
    checkState: CHECKED,
    ...over,
  };
}

describe('judgeDependencies', () => {
  it("reads aiohttp 3.12.15's recorded Requires-Dist with extras and markers as written, never evaluated", () => {
    const facts = judgeDependencies(input([]));
    expect(facts.requirementsSource).toBe('pypi-json');
    expect(facts.requirements).toHaveLength(11);
    expect(facts.requirements.find((r) => r.normalizedName === 'async-timeout')).toMatchObject({
      specifier: '<6.0,>=4.0',
      marker: 'python_version < "3.11"',
      onlyWithExtra: null,
    });
    expect(facts.requirements.find((r) => r.name === 'Brotli')).toMatchObject({
      marker: 'platform_python_implementation == "CPython" and extra == "speedups"',
      onlyWithExtra: 'speedups',
      url: 'https://pypi.org/project/brotli/',
    });
    expect(facts.requirements.filter((r) => r.onlyWithExtra === 'speedups')).toHaveLength(3);
  });

  it('a clean graph: every package good, "no advisories; none malicious"', () => {
    const facts = judgeDependencies(input([]));
    expect(facts.level).toBe('good');
    expect(facts.summary).toBe('pulls in 9 packages (7 direct); no advisories; none malicious');
  });

  it('advisories are at most caution, malicious code is danger; worst first, then most advisories, direct first', () => {
    const facts = judgeDependencies(
      input([
        ['idna', '3.10', { advisories: [advisory('PYSEC-1'), advisory('PYSEC-2')] }],
        ['multidict', '6.6.3', { advisories: [advisory('GHSA-1')] }],
        ['attrs', '25.3.0', { advisories: [advisory('GHSA-2'), advisory('GHSA-3')] }],
        ['yarl', '1.20.1', { malware: 'compromised-release', advisories: [advisory('MAL-1', true)] }],
        ['frozenlist', '1.7.0', { lookAlike: 'frozen-list' }],
      ]),
    );
    if (facts.graph.state !== 'ok') throw new Error('expected a graph');
    expect(facts.graph.nodes.slice(0, 5).map((n) => [n.name, n.level])).toEqual([
      ['yarl', 'danger'],
      ['attrs', 'caution'],
      ['idna', 'caution'],
      ['multidict', 'caution'],
      ['frozenlist', 'info'],
    ]);
    expect(facts.level).toBe('danger');
    expect(facts.summary).toBe(
      'pulls in 9 packages (7 direct); 3 have advisories: attrs 25.3.0 (2), idna 3.10 (2), multidict 6.6.3 (1); 1 malicious: yarl 1.20.1 (compromised release); 1 name like a popular one',
    );
    expect(facts.graph.nodes[0]!.url).toBe('https://pypi.org/project/yarl/1.20.1/');
    expect(facts.graph.nodes.find((n) => n.name === 'idna')).toMatchObject({ relation: 'indirect', requirement: '>=2.0' });
  });

  it(`names at most ${SUMMARY_MAX_NAMED} packages per kind in the summary`, () => {
    const names = ['aiohappyeyeballs', 'aiosignal', 'attrs', 'frozenlist', 'multidict', 'propcache', 'yarl'];
    const versions = ['2.6.1', '1.4.0', '25.3.0', '1.7.0', '6.6.3', '0.3.2', '1.20.1'];
    const facts = judgeDependencies(input(names.map((n, i) => [n, versions[i]!, { advisories: [advisory(`GHSA-${i}`)] }])));
    expect(facts.summary).toContain('7 have advisories: ');
    expect(facts.summary).toContain(' and 2 more; none malicious');
  });

  it('without a graph: the declared requirements only, and why', () => {
    const off = judgeDependencies(input([], { graph: { state: 'disabled' } }));
    expect(off.graph).toMatchObject({ state: 'unavailable', reason: 'disabled' });
    expect(off.summary).toBe(
      'declares 11 requirements (3 only with extras); the resolved graph is not shown: deps.dev is turned off in settings',
    );
    const down = judgeDependencies(input([], { graph: { state: 'error', error: { kind: 'offline', message: 'network down' } } }));
    expect(down.graph).toMatchObject({ state: 'unavailable', reason: 'error' });
    expect(down.level).toBe('good');
  });

  it("no Requires-Dist on PyPI: the root's edges in deps.dev's graph stand in, with their requirement", () => {
    const facts = judgeDependencies(input([], { requiresDist: null }));
    expect(facts.requirementsSource).toBe('deps-dev-graph');
    expect(facts.requirements.map((r) => r.text)).toContain('multidict <7.0,>=4.5');
  });

  it('OSV off: the summary says advisories were not checked instead of "no advisories"', () => {
    const facts = judgeDependencies(input([], { checkState: { ...CHECKED, advisories: { state: 'disabled' } } }));
    expect(facts.summary).toBe('pulls in 9 packages (7 direct); advisories not checked (OSV is turned off)');
  });
});

/** The report's time in these tests, and a first publication that many days before it. */
const NOW = '2026-12-01T12:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

describe('first-published ages', () => {
  it('a project first published under 90 days ago is a note, named with its age in the summary; older ones stay good', () => {
    const firstPublished = new Map([
      ['idna', daysBefore(20)],
      ['attrs', daysBefore(90)],
      ['yarl', '2016-09-01T00:00:00Z'],
    ]);
    const facts = judgeDependencies(input([], { firstPublished, now: NOW }));
    if (facts.graph.state !== 'ok') throw new Error('expected a graph');
    const byName = new Map(facts.graph.nodes.map((n) => [n.normalizedName, n]));
    expect(byName.get('idna')).toMatchObject({ level: 'info', age: { days: 20, young: true } });
    expect(byName.get('attrs')).toMatchObject({ level: 'good', age: { days: 90, young: false } });
    expect(byName.get('yarl')!.age).toMatchObject({ young: false });
    expect(byName.get('multidict')!.age).toBeNull();
    expect(facts.graph.nodes[0]!.normalizedName).toBe('idna');
    expect(facts.level).toBe('info');
    expect(facts.summary).toBe(
      'pulls in 9 packages (7 direct); no advisories; none malicious; 1 first published under 90 days ago: idna 3.10 (20 days)',
    );
  });

  it('malicious code still outranks a young project; no date, a bad date or one in the future is no age', () => {
    const facts = judgeDependencies(
      input([['yarl', '1.20.1', { malware: 'malicious-package', advisories: [advisory('MAL-1', true)] }]], {
        firstPublished: new Map([['yarl', daysBefore(3)]]),
        now: NOW,
      }),
    );
    if (facts.graph.state !== 'ok') throw new Error('expected a graph');
    expect(facts.graph.nodes[0]).toMatchObject({ normalizedName: 'yarl', level: 'danger', age: { days: 3, young: true } });
    expect(ageOf(undefined, NOW)).toBeNull();
    expect(ageOf('not a date', NOW)).toBeNull();
    expect(ageOf(daysBefore(-2), NOW)).toBeNull();
    expect(ageOf(daysBefore(5), undefined)).toBeNull();
  });
});

/** The code checks' facts with one scanned wheel whose METADATA listed `lines`. */
function codeWith(lines: string[] | null, version = '3.12.15'): CodeFacts {
  return {
    version,
    status: 'scanned',
    totalBytes: 1,
    capBytes: 10,
    hasSdist: false,
    hasWheel: true,
    findings: [],
    distributions: [
      {
        filename: 'aiohttp-3.12.15-cp313-cp313-macosx_11_0_arm64.whl',
        packageType: 'bdist_wheel',
        size: 1,
        sha256: null,
        state: 'scanned',
        error: null,
        entryCount: 1,
        checkedPaths: [],
        checkedCount: 0,
        inspectorUrl: null,
        requiresDist: lines === null ? null : { path: 'aiohttp-3.12.15.dist-info/METADATA', lines, truncated: false },
      },
    ],
  };
}

describe("withWheelRequirements: the wheel's METADATA first", () => {
  it('the same lines as PyPI JSON (spacing and quotes aside): METADATA is the source, and no difference is noted', () => {
    const respaced = AIOHTTP_REQUIRES.map((line) => line.replace(/"/g, "'").replace(/ and /g, '  and '));
    const facts = withWheelRequirements(judgeDependencies(input([])), codeWith(respaced));
    expect(facts.requirementsSource).toBe('wheel-metadata');
    expect(facts.requirementsFile).toBe('aiohttp-3.12.15-cp313-cp313-macosx_11_0_arm64.whl');
    expect(facts.requirements).toHaveLength(11);
    expect(facts.requirementsDifference).toBeNull();
  });

  it('METADATA and PyPI JSON disagree: METADATA is shown, and both sides of the difference are named', () => {
    const metadata = [...AIOHTTP_REQUIRES.filter((l) => !l.startsWith('attrs')), 'extra-thing>=1.0'];
    const before = judgeDependencies(input([]));
    const facts = withWheelRequirements(before, codeWith(metadata));
    expect(facts.requirements.map((r) => r.normalizedName)).toContain('extra-thing');
    expect(facts.requirements.map((r) => r.normalizedName)).not.toContain('attrs');
    expect(facts.requirementsDifference).toEqual({
      onlyInMetadata: ['extra-thing>=1.0'],
      onlyInPypiJson: [AIOHTTP_REQUIRES.find((l) => l.startsWith('attrs'))],
      pypiJsonListed: true,
    });
    // The graph and its judgement do not change; applied twice, nothing moves.
    expect(facts.graph).toEqual(before.graph);
    expect(facts.level).toBe(before.level);
    expect(withWheelRequirements(facts, codeWith(['other']))).toBe(facts);
  });

  it('PyPI JSON lists none (the graph stood in): METADATA replaces it, and the summary without a graph says so', () => {
    const before = judgeDependencies(input([], { requiresDist: null, graph: { state: 'disabled' } }));
    expect(before.summary).toBe('declares no requirements; the resolved graph is not shown: deps.dev is turned off in settings');
    const facts = withWheelRequirements(before, codeWith(['tomli; python_version < "3.11"', 'brotli; extra == "speedups"']));
    expect(facts.requirementsDifference).toMatchObject({
      pypiJsonListed: false,
      onlyInMetadata: ['tomli; python_version < "3.11"', 'brotli; extra == "speedups"'],
    });
    expect(facts.summary).toBe(
      'declares 2 requirements (1 only with extras); the resolved graph is not shown: deps.dev is turned off in settings',
    );
  });

  it("no wheel METADATA of this version (an sdist only, another version's scan): PyPI JSON stays", () => {
    const before = judgeDependencies(input([]));
    expect(withWheelRequirements(before, codeWith(null))).toBe(before);
    expect(withWheelRequirements(before, codeWith(['x'], '3.12.14'))).toBe(before);
  });
});
