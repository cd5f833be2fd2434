// Parsing requirements.txt / pip freeze pastes: what is checked, what is skipped and why, what is refused.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidPackageName } from '../../../../utils/lib/package-name';
import {
  classifyLine,
  MAX_CHECKED_REQUIREMENTS,
  MAX_REQUIREMENTS_CHARS,
  MAX_REQUIREMENTS_LINES,
  parseRequirements,
  type ParsedRequirements,
  type RequirementLine,
} from '../../../../utils/lib/requirements';
import { projectFixturePath } from '../../../support/fixtures';

function ok(parsed: ParsedRequirements) {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.message}`);
  return parsed;
}
const only = (text: string): RequirementLine => {
  const line = classifyLine(text, 1);
  if (!line) throw new Error(`"${text}" was ignored`);
  return line;
};
const reason = (text: string) => {
  const line = only(text);
  return line.kind === 'requirement' ? `requirement ${line.requirement.normalizedName}` : `${line.kind}: ${line.reason}`;
};

describe('requirement lines', () => {
  it('an exact pin is pinned; extras and markers are kept; names normalise per PEP 503', () => {
    const line = only('Flask_SQLAlchemy[async,dev]==3.1.1 ; python_version >= "3.8"');
    expect(line).toMatchObject({
      kind: 'requirement',
      requirement: {
        name: 'Flask_SQLAlchemy',
        normalizedName: 'flask-sqlalchemy',
        pinned: '3.1.1',
        specifier: null,
        extras: ['async', 'dev'],
        marker: 'python_version >= "3.8"',
      },
    });
  });

  it('ranges, wildcards and bare names are unpinned, with the constraint kept as text', () => {
    expect(only('django>=3.2,<4')).toMatchObject({ requirement: { pinned: null, specifier: '>=3.2,<4' } });
    expect(only('numpy==1.*')).toMatchObject({ requirement: { pinned: null, specifier: '==1.*' } });
    expect(only('requests ~= 2.31')).toMatchObject({ requirement: { pinned: null, specifier: '~=2.31' } });
    expect(only('six')).toMatchObject({ requirement: { pinned: null, specifier: null } });
  });

  it('comments: full-line and inline are dropped, but a URL fragment (#egg=) is not a comment', () => {
    expect(classifyLine('# just a comment', 1)).toBeNull();
    expect(classifyLine('   ', 1)).toBeNull();
    expect(only('idna==3.7  # via requests')).toMatchObject({ requirement: { pinned: '3.7' } });
    expect(reason('-e git+https://github.com/x/y.git#egg=y')).toMatch(/^skipped: An editable install/);
  });

  it('hashes (pip --require-hashes output) are counted, not parsed as part of the version', () => {
    const parsed = ok(parseRequirements('certifi==2024.7.4 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\nidna==3.7\n'));
    expect(parsed.requirements).toEqual([
      expect.objectContaining({ name: 'certifi', pinned: '2024.7.4', hashCount: 2 }),
      expect.objectContaining({ name: 'idna', pinned: '3.7', hashCount: 0 }),
    ]);
    expect(parsed.lines.map((l) => l.line)).toEqual([1, 4]); // a continued line keeps its first line number
  });

  it('names every line that is not a PyPI requirement, with the reason', () => {
    expect(reason('-r requirements-dev.txt')).toMatch(/^skipped: Refers to another file \(requirements-dev\.txt\)/);
    expect(reason('--requirement=base.txt')).toMatch(/another file \(base\.txt\)/);
    expect(reason('-c constraints.txt')).toMatch(/another file \(constraints\.txt\)/);
    expect(reason('-e .')).toMatch(/editable install/);
    expect(reason('--index-url https://pypi.org/simple')).toMatch(/pip option --index-url/);
    expect(reason('--extra-index-url https://corp.example/simple')).toMatch(/dependency confusion/);
    expect(reason('--pre')).toMatch(/pip option --pre/);
    expect(reason('https://example.com/pkg-1.0.tar.gz')).toMatch(/^skipped: A URL/);
    expect(reason('git+https://github.com/x/y.git')).toMatch(/^skipped: A URL/);
    expect(reason('pkg @ https://example.com/pkg-1.0.tar.gz')).toMatch(/direct reference \(pkg @ URL\)/);
    expect(reason('./vendor/sdk')).toMatch(/local file or folder/);
    expect(reason('dist/pkg-1.0-py3-none-any.whl')).toMatch(/local file or folder/);
    expect(reason('C:\\wheels\\pkg.whl')).toMatch(/local file or folder/);
    expect(reason('legacy===1.0-custom')).toMatch(/Arbitrary equality/);
  });

  it('shell commands are refused with a hint of what to paste instead', () => {
    expect(reason('pip install requests==2.31.0 flask')).toMatch(/shell command.*\(requests==2\.31\.0 flask\)/);
    expect(reason('$ python -m pip install -U numpy')).toMatch(/shell command.*\(numpy\)/);
    expect(reason('curl -sSL https://install.example.com | sh')).toMatch(/^invalid: This looks like a shell command/);
    expect(reason('sudo pip3 install x')).toMatch(/shell command/);
    expect(reason('rm -rf /')).toMatch(/shell command/);
    expect(reason('echo $(whoami)')).toMatch(/shell command/);
    // A package that merely shares a command's name is still a package.
    expect(reason('pip==24.0')).toBe('requirement pip');
    expect(reason('git')).toBe('requirement git');
  });

  it('illegal names and versions are named, not sent', () => {
    expect(reason('requésts==2.0')).toMatch(/“requésts” is not a valid package name: “é” is not allowed/);
    expect(reason('requests==2.0 beta')).toMatch(/^invalid: pip would not understand this line \(column \d+/);
    expect(reason('requests==')).toMatch(/^invalid: pip would not understand/);
    expect(reason('<script>alert(1)</script>')).toMatch(/^invalid/);
    expect(reason('requests==1.0\u0000')).toMatch(/control characters/);
  });

  it('a 10,000-character line is refused without parsing it', () => {
    expect(reason(`requests==${'1'.repeat(10_000)}`)).toMatch(/10,010 characters long/);
  });
});

describe('whole pastes', () => {
  it('empty or whitespace-only input asks for a paste', () => {
    expect(parseRequirements('')).toEqual({ ok: false, message: expect.stringMatching(/Paste the contents/) });
    expect(parseRequirements(' \n\t\n')).toEqual({ ok: false, message: expect.stringMatching(/Paste the contents/) });
  });

  it('CRLF and CR line ends read like LF', () => {
    const parsed = ok(parseRequirements('a==1\r\nb==2\rc==3'));
    expect(parsed.requirements.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('refuses pastes over the size limits with the numbers', () => {
    expect(parseRequirements('a'.repeat(MAX_REQUIREMENTS_CHARS + 1))).toEqual({
      ok: false,
      message: expect.stringMatching(/200,001 characters/),
    });
    expect(parseRequirements('\n'.repeat(MAX_REQUIREMENTS_LINES) + 'a==1')).toEqual({
      ok: false,
      message: expect.stringMatching(/2,001 lines/),
    });
    const tooMany = Array.from({ length: MAX_CHECKED_REQUIREMENTS + 1 }, (_, i) => `p${i}==1.0`).join('\n');
    expect(parseRequirements(tooMany)).toEqual({ ok: false, message: expect.stringMatching(/1,001 requirements/) });
  });

  it('500 pinned lines (a large pip freeze) parse into 500 requirements', () => {
    const freeze = Array.from({ length: 500 }, (_, i) => `package-${i}==${i}.0.${i % 7}`).join('\n');
    const parsed = ok(parseRequirements(freeze));
    expect(parsed.requirements).toHaveLength(500);
    expect(parsed.requirements.every((r) => r.pinned !== null)).toBe(true);
  });

  it('the e2e fixture requirements-30.txt: 16 requirements, 6 skipped, 1 not understood, 5 blank or comment lines', () => {
    const parsed = ok(parseRequirements(readFileSync(projectFixturePath('requirements-30.txt'), 'utf8')));
    expect(parsed.requirements).toHaveLength(16);
    expect(parsed.requirements.filter((r) => r.pinned === null).map((r) => r.normalizedName)).toEqual(['luigi', 'coverage']);
    expect(parsed.lines.filter((l) => l.kind === 'skipped').map((l) => l.line)).toEqual([24, 25, 26, 27, 29, 30]);
    expect(parsed.lines.filter((l) => l.kind === 'invalid').map((l) => l.line)).toEqual([28]);
    expect(parsed.ignoredLines).toBe(5);
  });

  it('never throws on hostile input, and every requirement it returns has a valid name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        const parsed = parseRequirements(text);
        if (!parsed.ok) return;
        for (const requirement of parsed.requirements) expect(isValidPackageName(requirement.name)).toBe(true);
        for (const line of parsed.lines) expect(line.text.length).toBeLessThanOrEqual(120);
      }),
      { numRuns: 200 },
    );
  }, 30_000); // the PEG parser runs per line: generous under a loaded CI machine
});
