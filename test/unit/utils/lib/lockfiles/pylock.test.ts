// pylock.toml (PEP 751): `index` decides PyPI or not; without one the files' URLs do; vcs, directory
// and archive are not PyPI releases; hashes come as { algorithm = digest } tables.
import { describe, expect, it } from 'vitest';
import { parsePylock } from '../../../../../utils/lib/lockfiles/pylock';
import { checked, fixture, ok, unchecked } from './helpers';

describe('parsePylock', () => {
  const parsed = ok(parsePylock(fixture('lockfile-pylock-basic.toml')));

  it('checks attrs (index pypi.org) and requests (no index; its wheel is on files.pythonhosted.org)', () => {
    expect(parsed.format).toBe('pylock.toml');
    expect(checked(parsed.lines)).toEqual(['attrs 25.1.0', 'requests 2.20.0']);
    const [attrs, requests] = parsed.requirements;
    expect(attrs).toMatchObject({ source: 'https://pypi.org/simple', hashCount: 2 });
    // One wheel with two digests: both are kept, each with its algorithm.
    expect(requests!.hashes!.map((h) => h.split(':')[0])).toEqual(['sha256', 'blake2b']);
    expect(requests).toMatchObject({ source: null, marker: "python_version >= '3.10'" });
  });

  it('names another index, a VCS checkout, a directory, an archive URL and a mirror as not checked', () => {
    expect(unchecked(parsed.lines)).toEqual({
      'acme-utils': 'skipped: not checked: from https://packages.example.com/simple — another index than PyPI.',
      'internal-lib':
        'skipped: not checked: from git https://github.com/example/internal-lib.git — built from a repository, not a PyPI release.',
      'legacy-sdk': 'skipped: not checked: from the local path vendor/legacy-sdk — not a PyPI release.',
      vendored: 'skipped: not checked: from https://example.com/wheels/vendored-1.0.tar.gz — a direct URL, not a PyPI release.',
      idna: 'skipped: not checked: from https://mirror.example.org — another index than PyPI.',
    });
  });

  it('refuses a lock-version it does not understand (PEP 751: a tool must not guess)', () => {
    const parsed = parsePylock('lock-version = "2.0"\n[[packages]]\nname = "six"\nversion = "1.16.0"\n');
    expect(parsed).toEqual({ ok: false, format: 'pylock.toml', message: 'This pylock.toml has lock-version 2.0; only 1.x is understood.' });
  });

  it('an entry that is not a table is named, not checked', () => {
    const parsed = ok(parsePylock('lock-version = "1.0"\npackages = ["six==1.16.0"]\n'));
    expect(parsed.lines).toEqual([{ kind: 'invalid', line: 1, text: 'entry at line 1', reason: 'This entry has no package name.' }]);
  });
});
