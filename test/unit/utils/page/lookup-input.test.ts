// The popup's search field: every kind of bad input gets its own message; valid input is normalised.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupLabel } from '../../../../components/popup/PackageView';
import { parseLookupInput } from '../../../../utils/page/lookup-input';
import { isPlausibleVersion, isValidPackageName } from '../../../../utils/lib/package-name';

const message = (text: string) => {
  const parsed = parseLookupInput(text);
  if (parsed.ok) throw new Error(`"${text}" was accepted`);
  return parsed.message;
};

describe('parseLookupInput', () => {
  it('accepts a name and name==version, normalised per PEP 503 (extras dropped)', () => {
    expect(parseLookupInput('  Django  ')).toEqual({ ok: true, query: { name: 'django', normalizedName: 'django' } });
    expect(parseLookupInput('Flask_SQLAlchemy == 3.1.1')).toEqual({
      ok: true,
      query: { name: 'flask-sqlalchemy', normalizedName: 'flask-sqlalchemy', version: '3.1.1' },
    });
    expect(parseLookupInput('requests[socks]==2.31.0')).toMatchObject({ ok: true, query: { name: 'requests', version: '2.31.0' } });
  });

  it('accepts a pypi.org project or version URL', () => {
    expect(parseLookupInput('https://pypi.org/project/luigi/3.6.0/')).toMatchObject({
      ok: true,
      query: { name: 'luigi', version: '3.6.0' },
    });
    expect(parseLookupInput('https://pypi.org/project/Luigi/')).toMatchObject({ ok: true, query: { name: 'luigi' } });
  });

  it('names each kind of bad input', () => {
    expect(message('')).toMatch(/Type a package name/);
    expect(message(' \t ')).toMatch(/Type a package name/);
    expect(message('x'.repeat(10_000))).toBe(
      'That is 10,000 characters; a package name is at most 200. To check a list, use Requirements.',
    );
    expect(message('requests\nflask')).toMatch(/several lines.*Requirements/);
    expect(message('https://example.com/requests')).toMatch(/That is a URL/);
    expect(message('javascript:alert(1)')).toMatch(/not a valid package name/);
    expect(message('pip install requests')).toBe('That is a shell command, not a package name. Type only the package: requests');
    expect(message('python3 -m pip install -U numpy')).toMatch(/Type only the package: numpy/);
    expect(message('rm -rf /')).toBe('That is a shell command, not a package name.');
    expect(message('foo bar')).toMatch(/“foo bar” is not a valid package name: space is not allowed/);
    expect(message('-requests')).toMatch(/start and end with a letter or digit/);
    expect(message('réquests')).toMatch(/“é” is not allowed/);
    expect(message('requests>=2')).toMatch(/Only an exact version/);
    expect(message('requests==2,<3')).toMatch(/Only an exact version/);
    expect(message('requests==')).toMatch(/Add the version after “==”/);
    expect(message('requests==1==2')).toMatch(/Use one “==”/);
    expect(message('requests==1.0 beta')).toMatch(/“1.0 beta” is not a version/);
    // Issue 16 §4: "." and ".." are not versions (in a URL path they name another resource).
    expect(message('requests==..')).toMatch(/“..” is not a version/);
    expect(message('requests==.')).toMatch(/“.” is not a version/);
    expect(message('requests==%2e%2e')).toMatch(/is not a version/);
    expect(parseLookupInput('https://pypi.org/project/requests/%2e%2e/').ok).toBe(false);
  });

  it('whatever is typed, an accepted query is a valid name and a plausible version', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const parsed = parseLookupInput(text);
        if (!parsed.ok) return;
        expect(isValidPackageName(parsed.query.name)).toBe(true);
        if (parsed.query.version !== undefined) expect(isPlausibleVersion(parsed.query.version)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('labels round-trip: the recent list puts back what parses to the same query', () => {
    for (const text of ['luigi', 'Flask==1.0.0', 'https://pypi.org/project/requests/2.20.0/']) {
      const parsed = parseLookupInput(text);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(parseLookupInput(lookupLabel(parsed.query))).toEqual(parsed);
    }
  });
});
