// A lockfile's packages through the background check: every package in one querybatch per 1,000
// (OSV's limit), no PyPI request for locked versions, answers back in the lockfile's order.
import { describe, expect, it } from 'vitest';
import { checkRequirements } from '../../../../utils/background/requirements-check';
import { DEFAULT_SETTINGS } from '../../../../utils/contract/settings';
import { parseLockfile } from '../../../../utils/lib/lockfiles/detect';
import { Http } from '../../../../utils/sources/http';

const NOW = Date.parse('2026-11-25T12:00:00Z');

/** A uv.lock of `count` PyPI packages (p0 1.0.0, p1 1.0.1, …), as uv writes them. */
function uvLock(count: number): string {
  const entries = Array.from(
    { length: count },
    (_, i) => `[[package]]\nname = "p${i}"\nversion = "1.0.${i}"\nsource = { registry = "https://pypi.org/simple" }\n`,
  );
  return ['version = 1', 'revision = 2', '', ...entries].join('\n');
}

function upstream() {
  const batches: { name: string; version?: string }[][] = [];
  const others: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    if (new URL(String(url)).pathname === '/v1/querybatch') {
      const { queries } = JSON.parse(String(init.body)) as { queries: { package: { name: string }; version?: string }[] };
      batches.push(queries.map((q) => ({ name: q.package.name, version: q.version })));
      // p7 has an advisory, whatever chunk it lands in; the rest answer OSV's "nothing known".
      return new Response(
        JSON.stringify({ results: queries.map((q) => (q.package.name === 'p7' ? { vulns: [{ id: 'PYSEC-2099-1' }] } : {})) }),
      );
    }
    others.push(`${init.method ?? 'GET'} ${url}`);
    return new Response(JSON.stringify({ code: 5, message: 'Bug not found.' }), { status: 404 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, batches, others };
}

async function checkLock(count: number) {
  const parsed = parseLockfile(uvLock(count));
  if (!parsed.ok) throw new Error(parsed.message);
  const { fetch, batches, others } = upstream();
  const deps = { http: new Http({ fetch, now: () => NOW }), settings: DEFAULT_SETTINGS, now: () => NOW };
  const items = parsed.requirements.map((r) => ({ name: r.name, pinned: r.pinned, specifier: r.specifier }));
  const check = await checkRequirements(deps, items);
  return { check, batches, others };
}

describe('checkRequirements on a lockfile', () => {
  it('1,000 packages: one querybatch of 1,000, no PyPI request', async () => {
    const { check, batches, others } = await checkLock(1000);
    expect(batches.map((b) => b.length)).toEqual([1000]);
    expect(others.filter((o) => o.includes('pypi.org'))).toEqual([]);
    expect(check.results).toHaveLength(1000);
  });

  it('1,001 packages: two querybatches (1,000 and 1), each package asked at its locked version', async () => {
    const { batches } = await checkLock(1001);
    expect(batches.map((b) => b.length)).toEqual([1000, 1]);
    expect(batches[1]).toEqual([{ name: 'p1000', version: '1.0.1000' }]);
  });

  it('2,000 packages: two querybatches; the answers come back in the lockfile’s order', async () => {
    const { check, batches, others } = await checkLock(2000);
    expect(batches.map((b) => b.length)).toEqual([1000, 1000]);
    expect(check.results.map((r) => r.checkedVersion).slice(998, 1002)).toEqual(['1.0.998', '1.0.999', '1.0.1000', '1.0.1001']);
    expect(check.results[7]!.advisories.map((a) => a.id)).toEqual(['PYSEC-2099-1']);
    // One GET /v1/vulns per distinct advisory id, and nothing else.
    expect(others).toEqual(['GET https://api.osv.dev/v1/vulns/PYSEC-2099-1']);
  });
});
