import { describe, expect, it } from 'vitest';
import { isValidPackageName, normalizePackageName } from '../../../../utils/lib/package-name';

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
