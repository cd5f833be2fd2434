// uv.lock: every registry package checked at its locked version with its hashes; git, URL, path and
// the project itself named as not checked; wrong shapes and duplicates on a hostile file.
import { describe, expect, it } from 'vitest';
import { parseUvLock } from '../../../../../utils/lib/lockfiles/uv-lock';
import { checked, fixture, ok, unchecked } from './helpers';

const PINS_30 = [
  'django 1.11.29',
  'flask 1.0.0',
  'requests 2.20.0',
  'emoji 2.14.0',
  'protobuf 4.25.5',
  'certifi 2024.7.4',
  'click 8.1.7',
  'idna 3.7',
  'jinja2 3.1.6',
  'urllib3 2.5.0',
  'luigi 3.6.0',
  '0requests 0.0.1',
  'six 1.16.0',
  'typing-extensions 4.12.2',
  'python-dateutil 2.9.0.post0',
  'coverage 5.5',
];

describe('parseUvLock', () => {
  const parsed = ok(parseUvLock(fixture('lockfile-uv-web-service.lock')));

  it('checks the 16 registry packages at their locked versions, in file order', () => {
    expect(parsed.format).toBe('uv.lock');
    expect(checked(parsed.lines)).toEqual(PINS_30);
  });

  it('keeps the sdist and wheel hashes and the index of each package, and the line of its [[package]]', () => {
    const django = parsed.lines.find((l) => l.kind === 'requirement' && l.requirement.name === 'django')!;
    expect(django.line).toBe(32);
    expect(django.kind === 'requirement' && django.requirement).toMatchObject({
      hashCount: 2,
      source: 'https://pypi.org/simple',
      hashes: [
        'sha256:3b7adc404d173cc2edb7f51a8e78569a3c37263048a6cf70d3263d92073c33d5',
        'sha256:d70f8a8d1947807144db4824dea14d6c4acf5fed1cdf6e73520670fa24150ac8',
      ],
    });
  });

  it('names the project itself, git, URL, path and another index as not checked, each with its origin', () => {
    expect(unchecked(parsed.lines)).toEqual({
      'web-service': 'skipped: not checked: the project itself (.), not a PyPI release.',
      'internal-lib':
        'skipped: not checked: from git https://github.com/example/internal-lib.git?rev=v2.3.0#0123456789abcdef0123456789abcdef01234567 — built from a repository, not a PyPI release.',
      'acme-utils': 'skipped: not checked: from https://packages.example.com/simple — another index than PyPI.',
      vendored: 'skipped: not checked: from https://example.com/wheels/vendored-1.0.tar.gz — a direct URL, not a PyPI release.',
      'legacy-sdk': 'skipped: not checked: from the local path vendor/legacy-sdk — not a PyPI release.',
    });
  });

  describe('a hostile uv.lock', () => {
    const hostile = ok(parseUvLock(fixture('lockfile-uv-hostile.lock')));

    it('names each wrong shape instead of checking it', () => {
      const byLine = Object.fromEntries(hostile.lines.filter((l) => l.kind !== 'requirement').map((l) => [l.line, l.reason]));
      expect(byLine).toEqual({
        5: 'This entry’s name is not text.',
        10: 'This entry has no version: nothing to check.',
        14: 'This entry’s version is not text.',
        19: '“bad name!” is not a valid package name: space, “!” are not allowed. Names use letters, digits, “.”, “_” and “-”, and start and end with a letter or digit.',
        24: '“not a version” is not a version PyPI could have.',
        29: 'not checked: its source is not one the check reads (source is not a table).',
        59: 'not checked: its source is not one the check reads (source keys: mystery).',
      });
    });

    it('folds a package listed twice (Six = six) into one row with both hashes; keeps two versions of urllib3 (a fork)', () => {
      expect(checked(hostile.lines)).toEqual(['six 1.16.0', 'urllib3 1.26.20', 'urllib3 2.5.0']);
      expect(hostile.ignoredLines).toBe(1);
      const six = hostile.requirements[0]!;
      expect(six.hashCount).toBe(2);
      expect(six.source).toBe('https://pypi.org/simple/');
    });
  });

  it('refuses TOML that does not parse, naming the parser’s complaint', () => {
    const parsed = parseUvLock('version = 1\n[[package]]\nname = "a\n');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/^This looks like a uv\.lock but is not valid TOML \(/);
  });

  it('refuses a document nested deeper than any lockfile', () => {
    const parsed = parseUvLock(`version = 1\nx = ${'['.repeat(200)}${']'.repeat(200)}\n[[package]]\nname = "a"\n`);
    expect(parsed.ok).toBe(false);
  });

  it('drops __proto__ keys rather than letting them reach an object', () => {
    const parsed = ok(parseUvLock('version = 1\n[[package]]\nname = "six"\nversion = "1.16.0"\n__proto__ = { polluted = true }\n'));
    expect(checked(parsed.lines)).toEqual(['six 1.16.0']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads 2,000 packages (a large monorepo lock) with one row each', () => {
    const text = [
      'version = 1',
      ...Array.from(
        { length: 2000 },
        (_, i) => `[[package]]\nname = "p${i}"\nversion = "1.${i}"\nsource = { registry = "https://pypi.org/simple" }\n`,
      ),
    ].join('\n');
    const parsed = ok(parseUvLock(text));
    expect(parsed.requirements).toHaveLength(2000);
    expect(parsed.lines[1999]!.line).toBe(2 + 1999 * 5);
  });
});
