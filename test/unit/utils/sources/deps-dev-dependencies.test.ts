// deps.dev GetDependencies (`:dependencies`): no response was recorded, so the bodies are synthetic, written
// to api.proto's `Dependencies` message (test/fixtures/SYNTHETIC.md); the graph joins recorded PyPI data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchDepsDevDependencies, normaliseDepsDevDependencies } from '../../../../utils/sources/deps-dev';
import { readProjectFixture, readRecorded } from '../../../support/fixtures';
import { jsonResponse, recordingHttp } from './recorded-responses';
import { parseRequiresDist } from '../../../../utils/lib/requires-dist';

const AIOHTTP = 'synthetic-depsdev-dependencies-aiohttp-3.12.15.json';
const LUIGI = 'synthetic-depsdev-dependencies-luigi-3.6.0.json';

type Body = { nodes: unknown[]; edges: Record<string, unknown>[] };
const body = (name: string) => structuredClone(readProjectFixture(name)) as Body;

describe('normaliseDepsDevDependencies', () => {
  it('reads the root, direct and indirect packages, and takes an absent fromNode for the root (proto3 JSON drops zeros)', () => {
    const graph = normaliseDepsDevDependencies(body(AIOHTTP), 'aiohttp', '3.12.15');
    if (!graph.ok) throw new Error(graph.error.message);
    const { nodes, edges } = graph.data;
    expect(nodes[0]).toEqual({ name: 'aiohttp', version: '3.12.15', relation: 'self', errors: [] });
    expect(nodes.filter((n) => n.relation === 'direct').map((n) => n.name)).toEqual([
      'aiohappyeyeballs',
      'aiosignal',
      'attrs',
      'frozenlist',
      'multidict',
      'propcache',
      'yarl',
    ]);
    expect(nodes.filter((n) => n.relation === 'indirect').map((n) => n.name)).toEqual(['idna', 'typing-extensions']);
    expect(edges.filter((e) => e.from === 0)).toHaveLength(7);
    expect(graph.data.url).toBe('https://deps.dev/pypi/aiohttp/3.12.15');
  });

  it("resolves every default Requires-Dist of aiohttp's recorded PyPI JSON, and no extra", () => {
    const recorded = readRecorded('pypi.org/json/aiohttp-3.12.15.json') as { info: { requires_dist: string[] } };
    const defaults = recorded.info.requires_dist
      .map(parseRequiresDist)
      .filter((r) => r !== null && r.marker === null)
      .map((r) => r!.normalizedName);
    const graph = normaliseDepsDevDependencies(body(AIOHTTP), 'aiohttp', '3.12.15');
    if (!graph.ok) throw new Error(graph.error.message);
    const direct = graph.data.edges.filter((e) => e.from === 0).map((e) => graph.data.nodes[e.to]!.name);
    expect(direct.sort()).toEqual(defaults.sort());
  });

  it('keeps the requirement of each edge, and a graph written with every field', () => {
    const graph = normaliseDepsDevDependencies(body(LUIGI), 'luigi', '3.6.0');
    if (!graph.ok) throw new Error(graph.error.message);
    expect(graph.data.edges).toEqual([
      { from: 0, to: 1, requirement: '>=2.20' },
      { from: 0, to: 2, requirement: '>=1.82' },
      { from: 0, to: 3, requirement: '>=2' },
      { from: 2, to: 4, requirement: '>=4' },
    ]);
    expect(graph.data.error).toBeNull();
  });

  it('drops bundled and non-PyPI nodes and re-indexes the edges that remain', () => {
    const raw = body(LUIGI);
    (raw.nodes[1] as { bundled: boolean }).bundled = true;
    (raw.nodes[3] as { versionKey: { system: string } }).versionKey.system = 'NPM';
    const graph = normaliseDepsDevDependencies(raw, 'luigi', '3.6.0');
    if (!graph.ok) throw new Error(graph.error.message);
    expect(graph.data.nodes.map((n) => n.name)).toEqual(['luigi', 'litellm', 'protobuf']);
    expect(graph.data.edges).toEqual([
      { from: 0, to: 1, requirement: '>=1.82' },
      { from: 1, to: 2, requirement: '>=4' },
    ]);
  });

  it('refuses a graph whose first node is not the root', () => {
    const raw = body(LUIGI);
    raw.nodes.reverse();
    const graph = normaliseDepsDevDependencies(raw, 'luigi', '3.6.0');
    expect(graph.ok).toBe(false);
  });

  it('never throws on arbitrary bodies, and every edge it keeps indexes a kept node', () => {
    const shaped = fc.record({
      nodes: fc.array(
        fc.record({
          versionKey: fc.record({
            system: fc.constantFrom('PYPI', 'NPM'),
            name: fc.constantFrom('a', 'b-c', '', '../x'),
            version: fc.constantFrom('1.0', '', 'x y'),
          }),
          bundled: fc.boolean(),
          relation: fc.constantFrom('SELF', 'DIRECT', 'INDIRECT', 'OTHER'),
          errors: fc.array(fc.string(), { maxLength: 2 }),
        }),
        { maxLength: 8 },
      ),
      edges: fc.array(
        fc.record({ fromNode: fc.integer({ min: -1, max: 9 }), toNode: fc.integer({ min: -1, max: 9 }), requirement: fc.string() }),
      ),
      error: fc.string(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (raw) => {
        const graph = normaliseDepsDevDependencies(raw, 'a', '1.0');
        if (!graph.ok) return;
        expect(graph.data.nodes[0]!.relation).toBe('self');
        for (const e of graph.data.edges) {
          expect(graph.data.nodes[e.from]).toBeDefined();
          expect(graph.data.nodes[e.to]).toBeDefined();
        }
      }),
    );
  });
});

describe('fetchDepsDevDependencies', () => {
  it('asks :dependencies of the normalised name and version', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse(readProjectFixture(LUIGI)));
    const section = await fetchDepsDevDependencies(http, 'Luigi', '3.6.0');
    expect(calls.map((c) => c.url)).toEqual(['https://api.deps.dev/v3/systems/pypi/packages/luigi/versions/3.6.0:dependencies']);
    expect(section.state === 'ok' && section.data.nodes.map((n) => `${n.name} ${n.version}`)).toEqual([
      'luigi 3.6.0',
      'requests 2.20.0',
      'litellm 1.82.7',
      'emoji 2.14.0',
      'protobuf 4.25.5',
    ]);
  });

  it('never asks about a name that is not a package name', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse({}));
    const section = await fetchDepsDevDependencies(http, '../etc', '1.0');
    expect(section.state).toBe('error');
    expect(calls).toHaveLength(0);
  });
});
