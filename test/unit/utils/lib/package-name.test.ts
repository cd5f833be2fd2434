import { describe, expect, it } from 'vitest';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../../../../utils/lib/package-name';
import { readRecorded } from '../../../support/fixtures';

describe('PEP 503 normalisation', () => {
  it.each([
    ['Django', 'django'],
    ['zope.interface', 'zope-interface'],
    ['Foo__Bar--baz..Qux', 'foo-bar-baz-qux'],
    ['typing_extensions', 'typing-extensions'],
    ['requests', 'requests'],
  ])('%s → %s', (name, expected) => {
    expect(normalizePackageName(name)).toBe(expected);
  });

  it.each(['requests', 'a', 'zope.interface', 'A1_b-c.D'])('accepts %s', (name) => {
    expect(isValidPackageName(name)).toBe(true);
  });

  it.each(['', ' ', '-leading', 'trailing.', 'spa ce', 'semi;colon', 'https://evil', 'x'.repeat(201), 'ünïcode'])('rejects %j', (name) => {
    expect(isValidPackageName(name)).toBe(false);
  });
});

describe('versions we put into a URL path (issue 16 §4)', () => {
  // "." and ".." are resolved by URL parsing: /pypi/requests/../json is /pypi/json, another resource.
  it.each(['.', '..', '...', '%2e', '%2e%2e', '%2E%2E', '../json', './', '1..0', '.1', 'v', '1.0 ', ' 1.0', '1.0%2f..', 'x'.repeat(129)])(
    'rejects %j',
    (version) => {
      expect(isPlausibleVersion(version)).toBe(false);
    },
  );

  it.each([
    '1.0',
    '2.32.4',
    '21.11b0',
    '3.0.0b1',
    '1!2.0',
    '1.0.post1',
    '1.0-1',
    '1.0.dev3',
    '1.0rc1',
    '1.0+ubuntu.1',
    'v1.0',
    '2024.12.6',
  ])('accepts the PEP 440 version %s', (version) => {
    expect(isPlausibleVersion(version)).toBe(true);
  });

  it('accepts every version of the recorded Simple indexes and PyPI JSON bodies (real versions still pass)', () => {
    const simple = ['django', 'requests', 'urllib3', 'certifi', 'click', 'flask', 'idna', 'jinja2'].flatMap(
      (name) => (readRecorded(`pypi.org/simple/${name}.json`) as { versions: string[] }).versions,
    );
    const json = ['luigi', 'coverage', 'apeye'].flatMap((name) =>
      Object.keys((readRecorded(`pypi.org/json/${name}.json`) as { releases: Record<string, unknown> }).releases),
    );
    expect(simple.length + json.length).toBeGreaterThan(1000);
    expect([...simple, ...json].filter((version) => !isPlausibleVersion(version))).toEqual([]);
  });
});
