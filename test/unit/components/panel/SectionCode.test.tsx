// @vitest-environment happy-dom
// The Code section: matched source is text (never markup), links only to https inspector pages,
// the too-large state offers "Inspect anyway", and an absent section renders nothing.
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SectionCode } from '../../../../components/panel/SectionCode';
import type { CodeFacts, CodeFinding, Section } from '../../../../utils/contract/report';
import { BIDI_CONTROLS, RLO } from '../../../support/synthetic-hostile';

afterEach(cleanup);

const ok = (data: CodeFacts): Section<CodeFacts> => ({ state: 'ok', data, fetchedAt: '2026-11-25T12:00:00Z', fromCache: false });

const hostile: CodeFinding = {
  check: 'decoded-exec',
  level: 'danger',
  filename: 'synthetic-1.0.tar.gz',
  path: 'synthetic-1.0/setup.py',
  line: 7,
  excerpt: 'exec(b64decode(X)) # <img src=x onerror=alert(1)><script>alert(2)</script>',
  detail: 'Runs code it first decodes <b>bold</b>.',
  url: 'https://inspector.pypi.io/project/synthetic/1.0/packages/ab/cd/ef/synthetic-1.0.tar.gz/synthetic-1.0/setup.py#line.7',
};

const facts = (overrides: Partial<CodeFacts>): CodeFacts => ({
  version: '1.0',
  status: 'scanned',
  totalBytes: 2048,
  capBytes: 10 * 1024 * 1024,
  hasSdist: true,
  hasWheel: false,
  distributions: [],
  findings: [],
  ...overrides,
});

describe('<SectionCode>', () => {
  it('renders matched source as text and links the line on inspector.pypi.io', () => {
    const { container } = render(
      <SectionCode section={ok(facts({ findings: [hostile, { ...hostile, url: 'javascript:alert(3)', line: 9 }] }))} />,
    );
    expect(container.querySelector('img, script, b')).toBeNull();
    const excerpts = [...container.querySelectorAll('[data-fact="code-excerpt"]')].map((e) => e.textContent);
    expect(excerpts[0]).toBe(hostile.excerpt);
    const links = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([hostile.url]);
    expect(container.querySelector('[data-fact="code-finding"]')!.getAttribute('data-level')).toBe('danger');
  });

  it('titles findings by where they run: "runs at install", "runs at import", "in the package" (absent runs: install)', () => {
    const findings: CodeFinding[] = [
      { ...hostile, check: 'exfiltration', path: 'pkg/__init__.py', runs: 'import' },
      { ...hostile, check: 'escaped-string', level: 'caution', path: 'pkg/__init__.py', runs: 'package' },
      hostile,
    ];
    const { container } = render(<SectionCode section={ok(facts({ findings }))} />);
    const groups = [...container.querySelectorAll('[data-fact="code-runs"]')].map(
      (g) =>
        `${g.querySelector('h4')!.textContent}: ${[...g.querySelectorAll('[data-fact="code-finding"]')].map((f) => f.getAttribute('data-check')).join(',')}`,
    );
    expect(groups).toEqual(['runs at install: decoded-exec', 'runs at import: exfiltration', 'in the package: escaped-string']);
  });

  it('offers "Inspect anyway" when the files are above the automatic cap', () => {
    const onInspectLarge = vi.fn();
    const { container } = render(
      <SectionCode section={ok(facts({ status: 'too-large', totalBytes: 23 * 1024 * 1024 }))} onInspectLarge={onInspectLarge} />,
    );
    expect(container.querySelector('[data-status="too-large"]')!.textContent).toContain(
      '23 MB, more than the 10 MB checked without asking',
    );
    fireEvent.click(container.querySelector('[data-action="inspect-large"]')!);
    expect(onInspectLarge).toHaveBeenCalledTimes(1);
  });

  it('shows "Checking…" while scanning and nothing when the report has no code checks', () => {
    const loading = render(<SectionCode section={null} />);
    expect(loading.container.querySelector('[data-section="code"]')!.getAttribute('data-state')).toBe('loading');
    cleanup();
    const absent = render(<SectionCode section={undefined} />);
    expect(absent.container.innerHTML).toBe('');
  });

  it('shows the names of the files it read with bidi controls made visible (issue 16 §4)', () => {
    // "evil‮yp.putes" reads as "evilsetup.py" once the override flips it.
    const spoofed = `synthetic-1.0/evil${RLO}yp.putes`;
    const distribution = {
      filename: `synthetic-1.0${RLO}zg.rat.tar.gz`,
      packageType: 'sdist' as const,
      size: 2048,
      sha256: null,
      state: 'scanned' as const,
      error: null,
      entryCount: 3,
      checkedPaths: [spoofed, `synthetic-1.0/\u2067x.pth\u2069`],
      checkedCount: 2,
      inspectorUrl: null,
    };
    const { container } = render(<SectionCode section={ok(facts({ distributions: [distribution] }))} />);
    const row = container.querySelector('[data-fact="code-distribution"]')!;
    expect(row.textContent).not.toMatch(BIDI_CONTROLS);
    expect(row.textContent).toContain('evil\uFFFDyp.putes');
    expect(row.textContent).toContain('\uFFFDx.pth\uFFFD');
  });

  it('renders at most a few rows per check and says how many more there are, counting what the scan cut', () => {
    const many: CodeFinding[] = Array.from({ length: 7 }, (_, i) => ({ ...hostile, check: 'pth-file', level: 'info', line: i + 1 }));
    many[6] = { ...many[6]!, moreLikeThis: 99_993 };
    const { container } = render(<SectionCode section={ok(facts({ findings: [hostile, ...many] }))} />);
    const rows = [...container.querySelectorAll('[data-fact="code-finding"]')].map((r) => r.getAttribute('data-check'));
    expect(rows).toEqual(['decoded-exec', 'pth-file', 'pth-file', 'pth-file']);
    expect([...container.querySelectorAll('[data-fact="code-more"]')].map((m) => m.textContent)).toEqual([
      'and 99,997 more findings like this',
    ]);
  });

  it('says when nothing was found', () => {
    const { container } = render(<SectionCode section={ok(facts({ hasWheel: true }))} />);
    expect(container.querySelector('[data-fact="code-clean"]')).not.toBeNull();
  });
});
