// Archives built to stall the scanner or to hide the code pip would run (issue 16, sections 2 and 3),
// each synthetic and built here. No test asserts a time (scripts/bench-code-scan.ts measures them):
// they assert that the result is complete, capped, and says what it could not check.
import { deflateSync, gzipSync, strToU8 } from 'fflate';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scanDistribution, MAX_PER_CHECK_PER_DISTRIBUTION } from '../../../../../utils/analysis/code-scan';
import { MAX_READ_BYTES } from '../../../../../utils/analysis/code-scan/archive';
import { MAX_PER_CHECK, scanPython } from '../../../../../utils/analysis/code-scan/setup-py';
import type { CodeFinding } from '../../../../../utils/contract/report';
import { HARMLESS_B64, INSTALL_HOOK_SETUP_PY, metaFor, rawZip, syntheticSdist, syntheticTar, syntheticWheel } from './synthetic-archives';

const summary = (findings: { check: string; level: string; path: string | null; line: number | null }[]) =>
  findings.map((f) => `${f.level} ${f.check} ${f.path}:${f.line}`).sort();
/** Every finding a capped list stands for: the kept ones and what each says it left out. */
const represented = (findings: CodeFinding[], check: string) =>
  findings.filter((f) => f.check === check).reduce((n, f) => n + 1 + (f.moreLikeThis ?? 0), 0);
const sdistMeta = metaFor('x-1.0.tar.gz', 'x', '1.0');
const tarMeta = metaFor('x-1.0.tar', 'x', '1.0');
const wheelMeta = metaFor('x-1.0-py3-none-any.whl', 'x', '1.0');
const PAYLOAD = `exec(__import__("base64").b64decode("${HARMLESS_B64}"))\n`;

describe('archives built to stall the scan', () => {
  it('a synthetic sdist whose setup.py is 256 KB of newlines is scanned completely (the 474-byte shape)', async () => {
    const sdist = await syntheticSdist('x', '1.0', { 'setup.py': '\n'.repeat(256 * 1024) });
    expect(sdist.length).toBeLessThan(1024);
    const scan = await scanDistribution(sdist, sdistMeta);
    expect(scan.complete).toBe(true);
    expect(scan.distribution).toMatchObject({ state: 'scanned', checkedPaths: ['x-1.0/setup.py'], checkedCount: 1 });
    expect(scan.findings).toEqual([]);
  });

  it('40,000 network lines in setup.py: capped per file, the last kept finding counting the rest', () => {
    const findings = scanPython('setup.py', 'import socket\n'.repeat(40_000));
    expect(findings).toHaveLength(MAX_PER_CHECK);
    expect(findings.reduce((n, f) => n + 1 + (f.moreLikeThis ?? 0), 0)).toBe(40_000);
  });

  it('40,000 decoded names and exec lines, 10,000 install-hook classes: complete, capped, hooks still found', () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `n${i} = b64decode(x)`).join('\n');
    const execs = Array.from({ length: 40_000 }, (_, i) => `exec(n${i})`).join('\n');
    const classes = Array.from({ length: 10_000 }, (_, i) => `class C${i}(install):\n    def run(self):\n        os.system("x")`).join(
      '\n',
    );
    const findings = scanPython(
      'setup.py',
      `${names}\n${execs}\nfrom setuptools.command.install import install\n${classes}\ncmdclass = {}\n`,
    );
    expect(represented(findings as CodeFinding[], 'decoded-exec')).toBe(40_000);
    expect(represented(findings as CodeFinding[], 'install-hook')).toBe(10_000);
    expect(findings.filter((f) => f.check === 'install-hook').every((f) => f.level === 'danger')).toBe(true);
  });

  it('a synthetic 4 MB wheel of 2,000 .pth entries of 2 MB each is stopped by the sum cap, with "not checked" for the rest', async () => {
    const body = new Uint8Array(2 * 1024 * 1024).fill(0x61);
    const data = deflateSync(body, { level: 9 });
    const crc = crc32(body);
    const wheel = rawZip(Array.from({ length: 2_000 }, (_, i) => ({ name: `p${i}.pth`, method: 8, data, size: body.length, crc })));
    expect(wheel.length).toBeLessThan(8 * 1024 * 1024);
    const scan = await scanDistribution(wheel, wheelMeta);
    const readable = MAX_READ_BYTES / body.length;
    expect(scan.distribution.checkedCount).toBe(readable);
    expect(represented(scan.findings, 'not-checked')).toBe(2_000 - readable);
    const unread = scan.findings.find((f) => f.check === 'not-checked')!;
    expect(unread).toMatchObject({ level: 'caution' });
    expect(unread.detail).toMatch(/^Not checked: the files to read add up to more than 16 MB\. p\d+\.pth runs/);
    expect(scan.findings.length).toBeLessThanOrEqual(2 * MAX_PER_CHECK_PER_DISTRIBUTION);
  });

  it('entries of 2 MB are weighed by what they inflate to: the reading pauses between them', async () => {
    const body = new Uint8Array(2 * 1024 * 1024).fill(0x61);
    const data = deflateSync(body, { level: 9 });
    const crc = crc32(body);
    const wheel = rawZip(Array.from({ length: 4 }, (_, i) => ({ name: `p${i}.pth`, method: 8, data, size: body.length, crc })));
    let pauses = 0;
    const scan = await scanDistribution(wheel, wheelMeta, {
      pause: async () => {
        pauses += 1;
      },
    });
    // Counted a unit per 64 KB, 8 MB inflated made 132 units, not one chunk's worth: no pause at all before.
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(scan.distribution.checkedCount).toBe(4);
  });

  it('a synthetic wheel of 100,000 tiny .pth files makes a small, capped report that still counts every file', async () => {
    const data = strToU8('vendor\n');
    const wheel = rawZip(Array.from({ length: 100_000 }, (_, i) => ({ name: `t${i}.pth`, method: 0, data, size: data.length })));
    const scan = await scanDistribution(wheel, wheelMeta);
    expect(scan.distribution.entryCount).toBe(100_000);
    expect(represented(scan.findings, 'pth-file') + represented(scan.findings, 'not-checked')).toBe(100_000);
    expect(scan.findings.length).toBeLessThanOrEqual(2 * MAX_PER_CHECK_PER_DISTRIBUTION);
    expect(scan.distribution.checkedPaths.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(scan).length).toBeLessThan(64 * 1024);
  }, 60_000);

  it('an import list with a 200,000-letter name (the alias pattern was quadratic on it) still names the install hook', () => {
    const findings = scanPython(
      'setup.py',
      `from setuptools.command.install import install as _install, ${'a'.repeat(200_000)}!\nclass C(_install):\n    def run(self):\n        pass\nsetup(cmdclass={"install": C})\n`,
    );
    expect(findings.filter((f) => f.check === 'install-hook').map((f) => `${f.level} ${f.line}`)).toEqual(['caution 2']);
  });

  it('a 2 MB setup.py is read in chunks: the scan yields many times inside the one file, and finds what it finds unpaced', async () => {
    const setupPy = `${'x = 1\n'.repeat(340_000)}${PAYLOAD}`;
    expect(setupPy.length).toBeGreaterThan(2_000_000);
    let pauses = 0;
    const scan = await scanDistribution(await syntheticSdist('x', '1.0', { 'setup.py': setupPy }), sdistMeta, {
      pause: async () => {
        pauses += 1;
      },
    });
    // 340,000 lines at 2,000 units a chunk: one pause per file before this change, now one per chunk of lines.
    expect(pauses).toBeGreaterThan(100);
    expect(scan.complete).toBe(true);
    expect(summary(scan.findings)).toEqual(summary(scanPython('x-1.0/setup.py', setupPy)));
    expect(summary(scan.findings)).toEqual(['danger decoded-exec x-1.0/setup.py:340001']);
  });

  it('a 2 MB setup.py of one line is paced too: the scan pauses between the checks of that line, and finds what it finds unpaced', async () => {
    // One string of 299-letter runs: the reading, the statement checks, the line checks and the string checks each read all 2 MB.
    const setupPy = `s = "${`${'a'.repeat(299)}!`.repeat(6_800)}"\n`;
    let pauses = 0;
    const scan = await scanDistribution(await syntheticSdist('x', '1.0', { 'setup.py': setupPy }), sdistMeta, {
      pause: async () => {
        pauses += 1;
      },
    });
    // Each of those steps weighs the line's length: one pause in all before this change (before the string checks), now one after each.
    expect(pauses).toBeGreaterThanOrEqual(5);
    expect(scan.complete).toBe(true);
    expect(summary(scan.findings)).toEqual(summary(scanPython('x-1.0/setup.py', setupPy)));
    expect(summary(scan.findings)).toEqual(['caution obfuscated-line x-1.0/setup.py:1']);
  });

  it('a .pth of 200,000 import lines: one scan per distinct line, a capped report counting every line', async () => {
    const scan = await scanDistribution(syntheticWheel({ 'x.pth': 'import os\n'.repeat(200_000) }), wheelMeta);
    expect(scan.complete).toBe(true);
    expect(represented(scan.findings, 'pth-file')).toBe(200_000);
    expect(scan.findings.filter((f) => f.check === 'pth-file').length).toBeLessThanOrEqual(MAX_PER_CHECK_PER_DISTRIBUTION);
  });

  it('the time budget also stops inside one file: a 2 MB setup.py cut short is "not checked" as a whole, never half-read as clean', async () => {
    let clock = 0;
    const scan = await scanDistribution(
      await syntheticSdist('x', '1.0', { 'setup.py': `${'x = 1\n'.repeat(340_000)}${PAYLOAD}` }),
      sdistMeta,
      { now: () => (clock += 1), budgetMs: 50, pause: async () => undefined },
    );
    expect(scan.complete).toBe(false);
    expect(scan.distribution.checkedCount).toBe(0);
    expect(summary(scan.findings)).toEqual(['caution not-checked x-1.0/setup.py:null']);
    expect(scan.findings[0]!.detail).toMatch(/^Not checked: the scan reached its time budget while reading this file\. setup\.py runs/);
  });

  it('yields to the event loop while it works, and past its time budget says "not checked: time budget"', async () => {
    const files = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`p${i}.pth`, 'import os\n']));
    let pauses = 0;
    let clock = 0;
    const scan = await scanDistribution(syntheticWheel(files), wheelMeta, {
      now: () => (clock += 1),
      budgetMs: 1_500,
      pause: async () => {
        pauses += 1;
      },
      unitsPerChunk: 100,
    });
    expect(pauses).toBeGreaterThan(0);
    expect(scan.complete).toBe(false);
    const budget = scan.findings.filter((f) => f.check === 'not-checked');
    expect(budget[0]!.detail).toMatch(/^Not checked: the scan reached its time budget before this file\./);
    expect(represented(scan.findings, 'not-checked') + scan.distribution.checkedCount).toBe(3_000);
  });
});

describe('archives that hide the code pip would run', () => {
  const setupBody = `import os\n${PAYLOAD}`;

  it('setup.py as a symlink: the target is scanned in its place and the link flagged', async () => {
    const tar = await syntheticTar([
      { name: 'x-1.0/build/real.txt', body: setupBody },
      { name: 'x-1.0/setup.py', type: 'symlink', linkname: 'build/real.txt' },
    ]);
    const { findings, distribution } = await scanDistribution(tar, tarMeta);
    expect(summary(findings)).toEqual(['caution linked-file x-1.0/setup.py:null', 'danger decoded-exec x-1.0/setup.py:2']);
    expect(findings.find((f) => f.check === 'linked-file')!.excerpt).toBe('→ x-1.0/build/real.txt');
    expect(distribution.checkedPaths).toEqual(['x-1.0/setup.py']);
  });

  it('setup.py as a hardlink to an earlier member is scanned; a link out of the archive is "not checked"', async () => {
    const hard = await syntheticTar([
      { name: 'x-1.0/data.bin', body: setupBody },
      { name: 'x-1.0/setup.py', type: 'link', linkname: 'x-1.0/data.bin' },
    ]);
    expect(summary((await scanDistribution(hard, tarMeta)).findings)).toEqual([
      'caution linked-file x-1.0/setup.py:null',
      'danger decoded-exec x-1.0/setup.py:2',
    ]);
    const outside = await syntheticTar([
      { name: 'x-1.0/PKG-INFO', body: 'Name: x\n' },
      { name: 'x-1.0/setup.py', type: 'symlink', linkname: '../../../home/user/.bashrc' },
    ]);
    const { findings } = await scanDistribution(outside, tarMeta);
    expect(summary(findings)).toEqual(['caution not-checked x-1.0/setup.py:null']);
    expect(findings[0]!.detail).toMatch(
      /^Not checked: a link to \.\.\/\.\.\/\.\.\/home\/user\/\.bashrc, which is not a file in the archive/,
    );
  });

  it('a duplicate setup.py: the last one wins, as pip extracts in archive order', async () => {
    const tar = await syntheticTar([
      { name: 'x-1.0/setup.py', body: 'from setuptools import setup\nsetup()\n' },
      { name: 'x-1.0/setup.py', body: INSTALL_HOOK_SETUP_PY },
    ]);
    const { findings, distribution } = await scanDistribution(gzipSync(tar), sdistMeta);
    expect(findings.map((f) => `${f.level} ${f.check}`).sort()).toEqual(['danger decoded-exec', 'danger install-hook']);
    expect(distribution.entryCount).toBe(1);
  });

  it("a zero block mid-archive ends it where Python's tarfile ends it: the malicious setup.py before it is what pip runs", async () => {
    const first = await syntheticTar([{ name: 'x-1.0/setup.py', body: INSTALL_HOOK_SETUP_PY }]);
    const second = await syntheticTar([{ name: 'x-1.0/setup.py', body: 'from setuptools import setup\nsetup()\n' }]);
    // packTar ends each with two zero blocks; one of them then the benign archive is the write-up's shape.
    const tar = new Uint8Array([...first.subarray(0, first.length - 512), ...second]);
    const { findings, distribution } = await scanDistribution(gzipSync(tar), sdistMeta);
    expect(findings.map((f) => `${f.level} ${f.check}`).sort()).toEqual(['danger decoded-exec', 'danger install-hook']);
    expect(distribution.entryCount).toBe(1);
  });

  it('a setup.py over 2 MB is "not checked: too large" at caution and not listed as read', async () => {
    const sdist = await syntheticSdist('x', '1.0', { 'setup.py': `${PAYLOAD}${'#'.repeat(2 * 1024 * 1024)}` });
    const { findings, distribution } = await scanDistribution(sdist, sdistMeta);
    expect(summary(findings)).toEqual(['caution not-checked x-1.0/setup.py:null']);
    expect(findings[0]!.detail).toMatch(/^Not checked: larger than 2 MB\. setup\.py runs when the package is installed/);
    expect(distribution).toMatchObject({ checkedPaths: [], checkedCount: 0 });
  });

  it.each([
    ['\\x1c', '\x1c'],
    ['\\x0b', '\x0b'],
    ['\\x0c', '\x0c'],
    ['\\x1d', '\x1d'],
    ['\\x1e', '\x1e'],
    ['\\x85', '\x85'],
    ['\\u2028', '\u2028'],
    ['\\u2029', '\u2029'],
  ])('a .pth line break Python knows (%s) starts a line site.py runs', async (_label, breakChar) => {
    const wheel = syntheticWheel({ 'x.pth': `# a path comment${breakChar}import os; os.system("sh -c id")\n` });
    const { findings } = await scanDistribution(wheel, wheelMeta);
    expect(summary(findings)).toEqual(['danger process x.pth:2', 'danger pth-file x.pth:2']);
  });

  it.each([
    ['# coding: utf-7', 'utf-7'],
    ['# -*- coding: unicode_escape -*-', 'unicode_escape'],
    ['#!/usr/bin/env python\n# vim: set fileencoding=raw_unicode_escape :', 'raw_unicode_escape'],
  ])('a PEP 263 declaration "%s" is a caution with the reason', (declaration, name) => {
    const findings = scanPython('setup.py', `${declaration}\n# +AAo-import os+ADs-os.system(+ACI-id+ACI-)\nsetup()\n`);
    const coding = findings.filter((f) => f.check === 'not-checked');
    expect(coding).toHaveLength(1);
    expect(coding[0]!.level).toBe('caution');
    expect(coding[0]!.detail).toContain(`Declares its encoding as "${name}"`);
  });

  it('UTF-8 and Latin-1 declarations stay quiet', () => {
    for (const declaration of ['# -*- coding: utf-8 -*-', '# coding=latin-1', '# vim: set fileencoding=iso-8859-1 :', '# coding: utf_8'])
      expect(scanPython('setup.py', `${declaration}\nsetup()\n`)).toEqual([]);
  });

  it('an upper-case SETUP.PY is "not checked" with the reason', async () => {
    const sdist = await syntheticSdist('x', '1.0', { 'SETUP.PY': INSTALL_HOOK_SETUP_PY, 'PKG-INFO': 'Name: x\n' });
    const { findings } = await scanDistribution(sdist, sdistMeta);
    expect(summary(findings)).toEqual(['caution not-checked x-1.0/SETUP.PY:null']);
    expect(findings[0]!.detail).toMatch(/SETUP\.PY differs from setup\.py only in case/);
  });

  it('a bzip2-compressed .pth in a wheel is "not checked" with the reason', async () => {
    const wheel = rawZip([
      { name: 'x.pth', method: 12, data: strToU8('BZh91AY&SY synthetic, not real bzip2'), size: 40 },
      { name: 'x/__init__.py', method: 0, data: new Uint8Array(0), size: 0 },
    ]);
    const { findings, distribution } = await scanDistribution(wheel, wheelMeta);
    expect(distribution.state).toBe('scanned');
    expect(summary(findings)).toEqual(['caution not-checked x.pth:null']);
    expect(findings[0]!.detail).toMatch(/^Not checked: compressed with bzip2, which this reader cannot undo/);
  });
});
