// Pipfile.lock: default and develop, each entry's `index` resolved through _meta.sources; git and
// path entries not checked; a package in both sections is one row.
import { describe, expect, it } from 'vitest';
import { parsePipfileLock } from '../../../../../utils/lib/lockfiles/pipfile-lock';
import { checked, fixture, ok, unchecked } from './helpers';

describe('parsePipfileLock', () => {
  const text = fixture('lockfile-pipfile-basic.json');
  const parsed = ok(parsePipfileLock(text));

  it('checks the PyPI entries of default and develop at their == versions; six (in both) once', () => {
    expect(parsed.format).toBe('Pipfile.lock');
    expect(checked(parsed.lines)).toEqual(['django 1.11.29', 'six 1.16.0', 'Jinja2 3.1.6', 'coverage 5.5']);
    expect(parsed.ignoredLines).toBe(1);
    expect(parsed.requirements[0]).toMatchObject({ hashCount: 2, source: 'https://pypi.org/simple', marker: "python_version >= '3.5'" });
    // six names no index: pipenv takes the first source, pypi.
    expect(parsed.requirements[1]).toMatchObject({ source: 'https://pypi.org/simple' });
  });

  it('gives each entry the line of its key', () => {
    const lines = text.split('\n');
    for (const line of parsed.lines) expect(lines[line.line - 1]).toContain(`"${line.text.split(' ')[0]}": {`);
  });

  it('names the private index, the git entry and the editable path', () => {
    expect(unchecked(parsed.lines)).toEqual({
      'acme-utils': 'skipped: not checked: from https://packages.example.com/simple — another index than PyPI.',
      'internal-lib':
        'skipped: not checked: from git https://github.com/example/internal-lib.git@0123456789abcdef0123456789abcdef01234567 — built from a repository, not a PyPI release.',
      'legacy-sdk': 'skipped: not checked: from the local path ./vendor/legacy-sdk — not a PyPI release.',
    });
  });

  it('an index that _meta does not list is not checked; a first source off PyPI makes index-less entries its', () => {
    const doc = {
      _meta: { sources: [{ name: 'corp', url: 'https://pypi.corp.example/simple' }] },
      default: { six: { version: '==1.16.0' }, idna: { version: '==3.7', index: 'gone' } },
    };
    expect(unchecked(ok(parsePipfileLock(JSON.stringify(doc))).lines)).toEqual({
      six: 'skipped: not checked: from https://pypi.corp.example/simple — another index than PyPI.',
      idna: 'skipped: not checked: its source is not one the check reads (index “gone”, which _meta.sources does not list).',
    });
  });

  it('refuses JSON that does not parse, and JSON of another shape', () => {
    expect(parsePipfileLock('{"_meta": ').ok).toBe(false);
    expect(parsePipfileLock('{"dependencies": {}}')).toEqual({
      ok: false,
      format: 'Pipfile.lock',
      message: 'This JSON is not a Pipfile.lock: it needs "_meta" and "default" or "develop".',
    });
  });

  it('entries of the wrong shape are named, never checked; __proto__ is not a package', () => {
    const hostile = '{"_meta": {}, "default": {"six": "==1.16.0", "idna": {"version": 3.7}, "__proto__": {"version": "==1.0"}}}';
    const lines = ok(parsePipfileLock(hostile)).lines;
    expect(lines.map((l) => [l.kind, l.text, l.kind === 'requirement' ? '' : l.reason])).toEqual([
      ['invalid', 'six', 'This entry has no version: nothing to check.'],
      ['invalid', 'idna', 'This entry’s version is not text.'],
      [
        'invalid',
        '__proto__ 1.0',
        '“__proto__” is not a valid package name. Names use letters, digits, “.”, “_” and “-”, and start and end with a letter or digit.',
      ],
    ]);
  });
});
