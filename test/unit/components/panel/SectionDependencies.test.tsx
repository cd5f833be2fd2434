// @vitest-environment happy-dom
// The Dependencies section: the summary line, the packages worst first with pypi.org links, clean packages
// folded, declared requirements with extras and markers, and the no-graph state said plainly.
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionDependencies } from '../../../../components/panel/SectionDependencies';
import { judgeDependencies, nodeKey } from '../../../../utils/analysis/dependency-risk';
import type { DependencyFacts, Section } from '../../../../utils/contract/report';
import { normaliseDepsDevDependencies } from '../../../../utils/sources/deps-dev';
import { readProjectFixture, readRecorded } from '../../../support/fixtures';

afterEach(cleanup);

const ok = (data: DependencyFacts): Section<DependencyFacts> => ({
  state: 'ok',
  data,
  fetchedAt: '2026-11-25T12:00:00Z',
  fromCache: false,
});
const graph = normaliseDepsDevDependencies(readProjectFixture('synthetic-depsdev-dependencies-aiohttp-3.12.15.json'), 'aiohttp', '3.12.15');
const requiresDist = (readRecorded('pypi.org/json/aiohttp-3.12.15.json') as { info: { requires_dist: string[] } }).info.requires_dist;
const CHECKED = {
  advisories: { state: 'ok' as const },
  names: true,
  ages: { state: 'ok' as const, asked: 0, answered: 0, notAsked: 0, cap: 50 },
};

function facts(withGraph = true): DependencyFacts {
  if (!graph.ok) throw new Error(graph.error.message);
  return judgeDependencies({
    version: '3.12.15',
    requiresDist,
    graph: withGraph ? { state: 'ok', data: graph.data, fetchedAt: '', fromCache: false } : { state: 'disabled' },
    checks: new Map([
      [
        nodeKey('yarl', '1.20.1'),
        {
          malware: 'compromised-release',
          advisories: [
            {
              id: 'MAL-2026-2144',
              summary: '<img src=x onerror=alert(1)>',
              severity: 'unknown',
              malicious: true,
              url: 'javascript:alert(1)',
            },
          ],
          lookAlike: null,
        },
      ],
      [
        nodeKey('idna', '3.10'),
        {
          malware: 'none',
          advisories: [
            {
              id: 'PYSEC-2024-60',
              summary: null,
              severity: 'medium',
              malicious: false,
              url: 'https://osv.dev/vulnerability/PYSEC-2024-60',
            },
          ],
          lookAlike: null,
        },
      ],
    ]),
    checkState: CHECKED,
  });
}

describe('SectionDependencies', () => {
  it('summary first, then the flagged packages worst first, each linked to its pypi.org page', () => {
    const { container } = render(<SectionDependencies section={ok(facts())} />);
    const summary = container.querySelector('[data-fact="dependencies-summary"]')!;
    expect(summary.getAttribute('data-level')).toBe('danger');
    expect(summary.textContent).toContain(
      'pulls in 9 packages (7 direct); 1 has advisories: idna 3.10 (1); 1 malicious: yarl 1.20.1 (compromised release)',
    );
    const rows = [...container.querySelectorAll('li[data-fact="dependency"]')];
    expect(rows.map((r) => [r.getAttribute('data-name'), r.getAttribute('data-level')])).toEqual([
      ['yarl', 'danger'],
      ['idna', 'caution'],
    ]);
    expect(rows[0]!.querySelector('a')!.getAttribute('href')).toBe('https://pypi.org/project/yarl/1.20.1/');
    expect(rows[0]!.textContent).toContain('Compromised release');
    expect(container.textContent).toContain('generic 64-bit Linux');
  });

  it('remote text stays text and a non-https advisory link is not a link', () => {
    const { container } = render(<SectionDependencies section={ok(facts())} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('clean packages are folded into one line; declared requirements show extras and markers', async () => {
    const { container } = render(<SectionDependencies section={ok(facts())} />);
    const clean = container.querySelector<HTMLDetailsElement>('[data-fact="dependencies-clean"]')!;
    expect(clean.textContent).toContain('7 packages with nothing found (6 direct)');
    // Built only when opened: a 200-package graph costs the panel nothing until the reader asks.
    expect(clean.querySelectorAll('[data-fact="dependency"]')).toHaveLength(0);
    clean.open = true;
    fireEvent(clean, new Event('toggle'));
    await waitFor(() => expect(clean.querySelectorAll('[data-fact="dependency"]')).toHaveLength(7));
    const declared = container.querySelector('[data-fact="dependencies-declared"]')!;
    expect(declared.getAttribute('data-count')).toBe('11');
    const brotli = declared.querySelector('[data-name="brotli"]')!;
    expect(brotli.textContent).toContain('platform_python_implementation == "CPython" and extra == "speedups"');
    expect(brotli.textContent).toContain('only with the extra speedups');
  });

  it('without deps.dev: direct requirements only, and says why', () => {
    const { container } = render(<SectionDependencies section={ok(facts(false))} />);
    expect(container.querySelector('[data-fact="dependencies-unavailable"]')!.textContent).toBe(
      'Direct requirements only: deps.dev is turned off in settings.',
    );
    expect(container.querySelector('[data-fact="dependencies-declared"]')!.hasAttribute('open')).toBe(true);
  });

  it('absent renders nothing; null (being resolved) says it is checking', () => {
    expect(render(<SectionDependencies section={undefined} />).container.innerHTML).toBe('');
    cleanup();
    expect(render(<SectionDependencies section={null} />).container.textContent).toContain('Checking…');
  });
});

describe('SectionDependencies: ages and the wheel METADATA', () => {
  const now = '2026-12-01T00:00:00.000Z';
  function withAges(): DependencyFacts {
    if (!graph.ok) throw new Error(graph.error.message);
    return judgeDependencies({
      version: '3.12.15',
      requiresDist,
      graph: { state: 'ok', data: graph.data, fetchedAt: '', fromCache: false },
      checks: new Map(),
      checkState: { ...CHECKED, ages: { state: 'ok', asked: 50, answered: 48, notAsked: 7, cap: 50 } },
      firstPublished: new Map([['propcache', '2026-11-19T00:00:00Z']]),
      now,
    });
  }

  it('a young project is listed with its age; the checks line says how many were dated, not known and not asked', () => {
    const { container } = render(<SectionDependencies section={ok(withAges())} />);
    const row = container.querySelector('li[data-fact="dependency"][data-name="propcache"]')!;
    expect(row.getAttribute('data-level')).toBe('info');
    expect(row.textContent).toContain('New project');
    expect(row.querySelector('[data-fact="dependency-young"]')!.textContent).toContain('First published 12 days ago (2026-11-19)');
    const ages = container.querySelector('[data-fact="dependencies-ages"]')!;
    expect(ages.getAttribute('data-not-asked')).toBe('7');
    expect(ages.textContent).toBe(
      'First-published dates (under 90 days is named) from deps.dev for 48 projects; 2 not known; 7 projects not checked (only the first 50 are asked, direct ones first).',
    );
  });

  it("requirements from the wheel's METADATA: the source and the wheel are named, and a difference with PyPI JSON is shown open", () => {
    const data: DependencyFacts = {
      ...withAges(),
      requirementsSource: 'wheel-metadata',
      requirementsFile: 'aiohttp-3.12.15-cp313-cp313-macosx_11_0_arm64.whl',
      requirementsDifference: { onlyInMetadata: ['extra-thing>=1.0'], onlyInPypiJson: ['attrs>=17.3.0'], pypiJsonListed: true },
    };
    const { container } = render(<SectionDependencies section={ok(data)} />);
    const declared = container.querySelector<HTMLDetailsElement>('[data-fact="dependencies-declared"]')!;
    expect(declared.getAttribute('data-source')).toBe('wheel-metadata');
    expect(declared.open).toBe(true);
    expect(declared.querySelector('summary')!.textContent).toContain(
      "from the wheel's own METADATA, what pip installs (aiohttp-3.12.15-cp313-cp313-macosx_11_0_arm64.whl)",
    );
    expect(container.querySelector('[data-fact="dependencies-difference"]')!.textContent).toBe(
      "PyPI JSON's requires_dist differs from this wheel's METADATA (pip installs what METADATA says): only in METADATA: extra-thing>=1.0; only in PyPI JSON: attrs>=17.3.0.",
    );
  });
});
