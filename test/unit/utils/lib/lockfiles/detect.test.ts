// Detection by content: each format from its own text whatever it is called, the borderline cases,
// and the caps a pasted or dropped file meets before any parse.
import { describe, expect, it } from 'vitest';
import { MAX_LOCKFILE_CHARS, MAX_LOCKFILE_PACKAGES } from '../../../../../utils/lib/lockfiles/common';
import { detectFormat, parseLockfile } from '../../../../../utils/lib/lockfiles/detect';
import { fixture, ok } from './helpers';

describe('detectFormat', () => {
  it.each([
    ['lockfile-uv-web-service.lock', 'uv.lock'],
    ['lockfile-uv-hostile.lock', 'uv.lock'],
    ['lockfile-poetry-web-service.lock', 'poetry.lock'],
    ['lockfile-pylock-basic.toml', 'pylock.toml'],
    ['lockfile-pipfile-basic.json', 'Pipfile.lock'],
    ['lockfile-requirements-freeze.txt', 'requirements.txt'],
    ['requirements-30.txt', 'requirements.txt'],
  ])('%s → %s', (file, format) => {
    expect(detectFormat(fixture(file))).toBe(format);
    expect(ok(parseLockfile(fixture(file))).format).toBe(format);
  });

  it('nothing to detect in blank text', () => {
    expect(detectFormat('  \n\t')).toBeNull();
  });

  it('a poetry.lock without its @generated comment is known by [metadata]; a uv.lock by its integer version', () => {
    const poetry = '[[package]]\nname = "six"\nversion = "1.16.0"\n\n[metadata]\nlock-version = "2.0"\ncontent-hash = "x"\n';
    expect(detectFormat(poetry)).toBe('poetry.lock');
    expect(detectFormat('version = 1\n\n[[package]]\nname = "six"\nversion = "1.16.0"\n')).toBe('uv.lock');
  });

  it('TOML with [[package]] and no other sign is parsed before it is named', () => {
    expect(detectFormat('[[package]]\nname = "six"\n')).toBe('toml');
    expect(parseLockfile('[[package]]\nname = "six"\n')).toEqual({
      ok: false,
      format: null,
      message:
        'This TOML is not a lockfile the check reads: uv.lock (version, [[package]]), poetry.lock ([[package]], [metadata]) or pylock.toml (lock-version, [[packages]]).',
    });
  });

  it('a requirements line that mentions a lock word stays a requirements line', () => {
    expect(detectFormat('# see uv.lock and [[package]] notes\nrequests==2.20.0\n')).toBe('requirements.txt');
  });
});

describe('parseLockfile', () => {
  it('refuses a file above the cap before reading it', () => {
    const parsed = parseLockfile(`version = 1\n${' '.repeat(MAX_LOCKFILE_CHARS)}`);
    expect(parsed).toEqual({ ok: false, format: null, message: 'The file is 8,000,012 characters; the check takes at most 8,000,000.' });
  });

  it('a lockfile with more PyPI packages than one check takes is refused with its count', () => {
    const entries = Array.from({ length: MAX_LOCKFILE_PACKAGES + 1 }, (_, i) => `[[package]]\nname = "p${i}"\nversion = "1.0"\n`);
    const parsed = parseLockfile(['version = 1', ...entries].join('\n'));
    expect(parsed).toEqual({
      ok: false,
      format: 'uv.lock',
      message: 'The uv.lock lists 5,001 PyPI packages; one check takes at most 5,000.',
    });
  });

  it('a lockfile of more entries than a table can show is refused, even when none is a PyPI package', () => {
    const parsed = parseLockfile(`lock-version = "1.0"\n${'[[packages]]\n'.repeat(10_001)}`);
    expect(parsed).toEqual({
      ok: false,
      format: 'pylock.toml',
      message: 'The pylock.toml has 10,001 entries; the check reads at most 10,000.',
    });
  });

  it('a huge value is clipped in what the table shows', () => {
    const parsed = ok(parseLockfile(`version = 1\n[[package]]\nname = "six"\nversion = "${'9'.repeat(100_000)}"\n`));
    expect(parsed.lines[0]!.text).toHaveLength(120);
    expect(parsed.lines[0]!.kind).toBe('invalid');
  });

  it('a requirements.txt keeps its own parser and messages', () => {
    expect(parseLockfile('  \n')).toEqual({
      ok: false,
      format: 'requirements.txt',
      message: 'Paste the contents of a requirements.txt file or the output of pip freeze.',
    });
  });

  it('a requirements file whose --index-url is another index: every line comes from there, none is checked', () => {
    const parsed = ok(parseLockfile('--index-url https://pypi.corp.example/simple\nrequests==2.20.0\nsix\n'));
    expect(parsed.requirements).toEqual([]);
    expect(parsed.lines.map((l) => `${l.line} ${l.kind}: ${l.kind === 'requirement' ? '' : l.reason}`)).toEqual([
      '1 skipped: pip option --index-url: where pip looks for packages, not a package.',
      '2 skipped: not checked: from https://pypi.corp.example/simple — another index than PyPI.',
      '3 skipped: not checked: from https://pypi.corp.example/simple — another index than PyPI.',
    ]);
    // pypi.org named as the index changes nothing.
    expect(ok(parseLockfile('-i https://pypi.org/simple\nrequests==2.20.0\n')).requirements).toHaveLength(1);
  });

  it('pip freeze output: pins checked; an editable git install and a file reference skipped', () => {
    const parsed = ok(parseLockfile(fixture('lockfile-requirements-freeze.txt')));
    expect(parsed.requirements.map((r) => `${r.name}==${r.pinned}`)).toEqual([
      'certifi==2024.7.4',
      'charset-normalizer==3.3.2',
      'idna==3.7',
      'requests==2.20.0',
      'urllib3==2.5.0',
    ]);
    expect(parsed.lines.filter((l) => l.kind === 'skipped').map((l) => l.line)).toEqual([6, 7]);
  });
});
