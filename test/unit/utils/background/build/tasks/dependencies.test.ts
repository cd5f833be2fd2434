// The Dependencies section inside a whole report: deps.dev's graph (synthetic, api.proto), every package
// of it checked in one OSV querybatch (assembled from recorded answers), the compromised-release reading
// against a recorded release history, and the dependencies rule on top. Never on the verdict's path.
import { describe, expect, it } from 'vitest';
import { addDependencies, buildReport, withSections } from '../../../../../../utils/background/build';
import type { DependencyFacts, Section } from '../../../../../../utils/contract/report';
import { DEFAULT_SETTINGS, type Settings } from '../../../../../../utils/contract/settings';
import { readProjectFixture, readRecorded } from '../../../../../support/fixtures';
import { jsonResponse, recordedResponse, recordingHttp } from '../../../sources/recorded-responses';

const GRAPH = 'synthetic-depsdev-dependencies-luigi-3.6.0.json';
const BATCH = 'assembled-osv-querybatch-dependencies-luigi.json';
const NOTHING = (readRecorded('api.osv.dev/querybatch/empty-results-rubygems-npm.json') as { results: unknown[] }).results[0];

/** luigi's recorded PyPI JSON; litellm's history is luigi's too (the compromised-litellm scenario's stand-in). */
function upstream(graph: () => Response = () => jsonResponse(readProjectFixture(GRAPH))) {
  return recordingHttp((call) => {
    if (call.url === 'https://pypi.org/pypi/luigi/json' || call.url === 'https://pypi.org/pypi/litellm/json') {
      return recordedResponse('pypi.org/json/luigi.json');
    }
    if (call.url.endsWith(':dependencies')) return graph();
    if (call.url === 'https://api.osv.dev/v1/query') return jsonResponse(NOTHING);
    if (call.url === 'https://api.osv.dev/v1/querybatch') {
      const queries = (JSON.parse(call.body!) as { queries: { package: { name: string } }[] }).queries;
      return jsonResponse(queries[0]?.package.name === 'luigi' ? { results: [NOTHING] } : readProjectFixture(BATCH));
    }
    if (call.url === 'https://api.osv.dev/v1/vulns/MAL-2026-2144')
      return recordedResponse('api.osv.dev/vulns/MAL-2026-2144.ossf-malicious-packages.json');
    return jsonResponse({ message: 'Not Found' }, 404);
  });
}

const factsOf = (section: Section<DependencyFacts> | undefined) => (section?.state === 'ok' ? section.data : null);

async function luigiReport(settings: Settings = DEFAULT_SETTINGS, graph?: () => Response) {
  const { http, calls, clock } = upstream(graph);
  const deps = { http, settings, now: () => clock.now };
  const report = await buildReport(deps, { name: 'luigi' });
  return { report, withDependencies: await addDependencies(deps, report, { name: 'luigi' }), calls, deps };
}

describe('buildReport: the dependencies task', () => {
  it('is not on the verdict path: the report comes without it, and the code-check step adds it', async () => {
    const { report, withDependencies } = await luigiReport();
    expect(report.dependencies).toBeUndefined();
    expect(report.findings.some((f) => f.rule === 'dependencies')).toBe(false);
    expect(factsOf(withDependencies.dependencies)).not.toBeNull();
  });

  it('luigi graph: the compromised litellm release is danger, requests and protobuf advisories caution, worst first', async () => {
    const { withDependencies, calls } = await luigiReport();
    const facts = factsOf(withDependencies.dependencies)!;
    if (facts.graph.state !== 'ok') throw new Error('expected a graph');
    expect(facts.graph.nodes.map((n) => [n.name, n.version, n.level, n.malware])).toEqual([
      ['litellm', '1.82.7', 'danger', 'compromised-release'],
      ['requests', '2.20.0', 'caution', 'none'],
      ['protobuf', '4.25.5', 'caution', 'none'],
      ['emoji', '2.14.0', 'good', 'none'],
    ]);
    expect(facts.graph.directCount).toBe(3);
    // The recorded batch names eight ids for requests 2.20.0; PYSEC-2023-74 is not served here, so its alias stays.
    expect(facts.graph.nodes[1]!.advisories).toHaveLength(8);
    expect(facts.summary).toBe(
      'pulls in 4 packages (3 direct); 2 have advisories: requests 2.20.0 (8), protobuf 4.25.5 (4); 1 malicious: litellm 1.82.7 (compromised release)',
    );
    // One querybatch for the graph (beside the page's own name-only one), and litellm's history read once.
    const batches = calls.filter((c) => c.url.endsWith('/v1/querybatch')).map((c) => JSON.parse(c.body!) as { queries: unknown[] });
    expect(batches.map((b) => b.queries.length).sort()).toEqual([1, 4]);
    expect(calls.filter((c) => c.url === 'https://pypi.org/pypi/litellm/json')).toHaveLength(1);
    const rule = withDependencies.findings.filter((f) => f.rule === 'dependencies');
    expect(rule.map((f) => f.level)).toEqual(['danger', 'caution']);
    expect(withDependencies.verdict.level).toBe('danger');
  });

  it('deps.dev turned off: direct requirements only, said so, and deps.dev is never asked', async () => {
    const settings = { ...DEFAULT_SETTINGS, sources: { ...DEFAULT_SETTINGS.sources, depsDev: false } };
    const { withDependencies, calls } = await luigiReport(settings);
    const facts = factsOf(withDependencies.dependencies)!;
    expect(facts.graph).toMatchObject({ state: 'unavailable', reason: 'disabled' });
    expect(facts.summary).toBe('declares no requirements; the resolved graph is not shown: deps.dev is turned off in settings');
    expect(calls.some((c) => c.url.includes('api.deps.dev'))).toBe(false);
    expect(withDependencies.findings.some((f) => f.rule === 'dependencies')).toBe(false);
  });

  it('no graph for this version (404): the section says so and judges nothing', async () => {
    const { withDependencies } = await luigiReport(DEFAULT_SETTINGS, () => jsonResponse({ message: 'Not Found' }, 404));
    const facts = factsOf(withDependencies.dependencies)!;
    expect(facts.graph).toMatchObject({ state: 'unavailable', reason: 'no-graph' });
    expect(facts.level).toBe('good');
  });
});

describe('the dependencies task: ages and the wheel METADATA', () => {
  it("asks deps.dev for every graph project's first publication beside the OSV batch; unknown projects are not known, not young", async () => {
    const { withDependencies, calls } = await luigiReport();
    const asked = calls.filter((c) => /\/v3\/systems\/pypi\/packages\/[^/]+$/.test(c.url)).map((c) => c.url.split('/').pop());
    // Direct ones first (requests, litellm, emoji in graph order), then the indirect protobuf.
    expect(asked).toEqual(['requests', 'litellm', 'emoji', 'protobuf']);
    const facts = factsOf(withDependencies.dependencies)!;
    if (facts.graph.state !== 'ok') throw new Error('expected a graph');
    expect(facts.graph.checks.ages).toEqual({ state: 'ok', asked: 4, answered: 0, notAsked: 0, cap: 50 });
    expect(facts.graph.nodes.every((n) => n.age === null)).toBe(true);
  });

  it("once the code checks read the wheel's METADATA, the declared requirements are its own, the graph's judgement unchanged", async () => {
    const { withDependencies, deps } = await luigiReport();
    const before = factsOf(withDependencies.dependencies)!;
    expect(before.requirementsSource).toBe('deps-dev-graph');
    const wheel = {
      filename: 'luigi-3.6.0-py3-none-any.whl',
      packageType: 'bdist_wheel' as const,
      size: 1,
      sha256: null,
      state: 'scanned' as const,
      error: null,
      entryCount: 1,
      checkedPaths: [],
      checkedCount: 0,
      inspectorUrl: null,
      requiresDist: { path: 'luigi-3.6.0.dist-info/METADATA', lines: ['tornado<7,>=5.0', 'python-daemon'], truncated: false },
    };
    const code = {
      state: 'ok' as const,
      fetchedAt: '2026-11-25T12:00:00.000Z',
      fromCache: false,
      data: {
        version: '3.6.0',
        status: 'scanned' as const,
        totalBytes: 1,
        capBytes: 10,
        hasSdist: false,
        hasWheel: true,
        distributions: [wheel],
        findings: [],
      },
    };
    const joined = await withSections(deps, withDependencies, { code });
    const facts = factsOf(joined.dependencies)!;
    expect(facts.requirementsSource).toBe('wheel-metadata');
    expect(facts.requirements.map((r) => r.normalizedName)).toEqual(['tornado', 'python-daemon']);
    expect(facts.requirementsDifference).toMatchObject({ pypiJsonListed: false });
    expect(facts.summary).toBe(before.summary);
    expect(joined.verdict.level).toBe(withDependencies.verdict.level);
  });
});
