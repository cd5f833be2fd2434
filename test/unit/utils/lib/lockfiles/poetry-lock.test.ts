// poetry.lock: packages without [package.source] are PyPI's and checked; a legacy index, git and a
// directory are named as not checked; each package keeps its files' hashes.
import { describe, expect, it } from 'vitest';
import { parsePoetryLock } from '../../../../../utils/lib/lockfiles/poetry-lock';
import { checked, fixture, ok, unchecked } from './helpers';

describe('parsePoetryLock', () => {
  const parsed = ok(parsePoetryLock(fixture('lockfile-poetry-web-service.lock')));

  it('checks the 16 PyPI packages at their locked versions, with two file hashes each', () => {
    expect(parsed.format).toBe('poetry.lock');
    expect(checked(parsed.lines)).toHaveLength(16);
    expect(checked(parsed.lines).slice(0, 3)).toEqual(['django 1.11.29', 'flask 1.0.0', 'requests 2.20.0']);
    expect(parsed.requirements.map((r) => r.hashCount)).toEqual(Array(16).fill(2));
    // Poetry names no index for PyPI packages: none is shown.
    expect(parsed.requirements.every((r) => r.source === null)).toBe(true);
    expect(parsed.lines[0]!.line).toBe(3);
  });

  it('names the legacy index, the git repository (with its reference) and the directory', () => {
    expect(unchecked(parsed.lines)).toEqual({
      'acme-utils': 'skipped: not checked: from https://packages.example.com/simple — another index than PyPI.',
      'internal-lib':
        'skipped: not checked: from git https://github.com/example/internal-lib.git@v2.3.0 — built from a repository, not a PyPI release.',
      'legacy-sdk': 'skipped: not checked: from the local path vendor/legacy-sdk — not a PyPI release.',
    });
  });

  it('reads a legacy source that names pypi.org as PyPI, and an unknown source type as not checked', () => {
    const text = [
      '[[package]]\nname = "six"\nversion = "1.16.0"\nmarkers = "python_version >= \\"3.8\\""',
      '[package.source]\ntype = "legacy"\nurl = "https://pypi.org/simple/"\nreference = "pypi-explicit"',
      '[[package]]\nname = "odd"\nversion = "1.0"',
      '[package.source]\ntype = "svn"\nurl = "svn://example.com/odd"',
      '[metadata]\nlock-version = "2.0"\ncontent-hash = "x"',
    ].join('\n\n');
    const parsed = ok(parsePoetryLock(text));
    expect(parsed.requirements).toEqual([
      expect.objectContaining({ name: 'six', pinned: '1.16.0', source: 'https://pypi.org/simple/', marker: 'python_version >= "3.8"' }),
    ]);
    expect(unchecked(parsed.lines)).toEqual({
      odd: 'skipped: not checked: its source is not one the check reads (source type “svn” at svn://example.com/odd).',
    });
  });

  it('refuses a poetry.lock that is not valid TOML', () => {
    const parsed = parsePoetryLock('[[package]]\nname = = "x"\n[metadata]\n');
    expect(!parsed.ok && parsed.message).toMatch(/^This looks like a poetry\.lock but is not valid TOML/);
  });
});
