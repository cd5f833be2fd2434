// Which package a repository builds, read from its build files. No build file of a real repository was
// recorded, so the files are synthetic (test/fixtures/synthetic-repo-*, listed in SYNTHETIC.md);
// the fetching side is tested against the raw host's answers the way the fixture server gives them.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  declaredNameFromPyproject,
  declaredNameFromSetupCfg,
  declaredNameFromSetupPy,
  judgeStarjacking,
  relatedNames,
} from '../../../../utils/analysis/starjacking';
import { parseRepositoryUrl } from '../../../../utils/analysis/repository';
import type { BuildFile } from '../../../../utils/contract/report';
import { fetchBuildFiles, rawFileUrl } from '../../../../utils/sources/github-raw';
import { projectFixturePath } from '../../../support/fixtures';
import { recordingHttp } from '../sources/recorded-responses';

const synthetic = (name: string) => readFileSync(projectFixturePath(`synthetic-repo-${name}`), 'utf8');

describe('reading the declared name', () => {
  it('reads [project] name from a PEP 621 pyproject.toml', () => {
    expect(declaredNameFromPyproject(synthetic('pyproject-pep621.toml'))).toEqual({ kind: 'name', name: 'Example_Package' });
  });
  it("reads Poetry's [tool.poetry] name", () => {
    expect(declaredNameFromPyproject(synthetic('pyproject-poetry.toml'))).toEqual({ kind: 'name', name: 'example-poetry-package' });
  });
  it('marks a uv workspace root as a workspace, not a name to compare', () => {
    expect(declaredNameFromPyproject(synthetic('pyproject-uv-workspace.toml'))).toEqual({ kind: 'workspace', name: 'example-monorepo' });
  });
  it('finds no name in a tools-only pyproject.toml, or in one that is not TOML', () => {
    expect(declaredNameFromPyproject(synthetic('pyproject-tools-only.toml'))).toEqual({ kind: 'none' });
    expect(declaredNameFromPyproject('[project\nname = ')).toEqual({ kind: 'none' });
  });
  it('reads [metadata] name from setup.cfg, not a name= in another section', () => {
    expect(declaredNameFromSetupCfg(synthetic('setup.cfg'))).toEqual({ kind: 'name', name: 'example-cfg-package' });
  });
  it('reads a literal setup(name=…) from setup.py, and ignores author_name=', () => {
    expect(declaredNameFromSetupPy(synthetic('setup.py'))).toEqual({ kind: 'name', name: 'example-setup-py' });
  });
  it('does not guess a name held in a variable', () => {
    expect(declaredNameFromSetupPy(synthetic('setup-variable.py'))).toEqual({ kind: 'none' });
  });
  it('never throws on hostile text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const read of [declaredNameFromPyproject, declaredNameFromSetupCfg, declaredNameFromSetupPy]) {
          const result = read(text);
          if (result.kind === 'name') expect(result.name).toMatch(/^[A-Za-z0-9._-]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function file(source: BuildFile['source'], text: string | null, kind?: 'not-found' | 'offline'): BuildFile {
  return {
    source,
    path: source,
    text,
    error: kind
      ? {
          kind,
          message:
            kind === 'not-found' ? 'raw.githubusercontent.com has no such resource (404)' : 'Could not reach raw.githubusercontent.com',
        }
      : null,
    htmlUrl: `https://github.com/o/r/blob/HEAD/${source}`,
  };
}
const missing = (source: BuildFile['source']) => file(source, null, 'not-found');

describe('judgeStarjacking', () => {
  it('matches after PEP 503 normalisation', () => {
    const facts = judgeStarjacking({
      packageName: 'example-package',
      subPath: null,
      files: [file('pyproject.toml', synthetic('pyproject-pep621.toml')), missing('setup.cfg'), missing('setup.py')],
    });
    expect(facts).toMatchObject({
      state: 'match',
      declaredName: 'Example_Package',
      source: 'pyproject.toml',
      fileUrl: 'https://github.com/o/r/blob/HEAD/pyproject.toml',
    });
  });

  it('says mismatch when the repository plainly builds an unrelated name', () => {
    const facts = judgeStarjacking({
      packageName: 'totally-different',
      subPath: null,
      files: [file('pyproject.toml', synthetic('pyproject-poetry.toml')), missing('setup.cfg'), missing('setup.py')],
    });
    expect(facts).toMatchObject({ state: 'mismatch', declaredName: 'example-poetry-package' });
    expect(facts.reason).toBe('pyproject.toml declares example-poetry-package, not totally-different');
  });

  it('falls through a tools-only pyproject.toml to setup.cfg', () => {
    const facts = judgeStarjacking({
      packageName: 'other',
      subPath: null,
      files: [
        file('pyproject.toml', synthetic('pyproject-tools-only.toml')),
        file('setup.cfg', synthetic('setup.cfg')),
        missing('setup.py'),
      ],
    });
    expect(facts).toMatchObject({ state: 'mismatch', source: 'setup.cfg', declaredName: 'example-cfg-package' });
  });

  it('never accuses on a monorepo: a workspace root or a related name is "could not confirm"', () => {
    const workspace = judgeStarjacking({
      packageName: 'anything',
      subPath: null,
      files: [file('pyproject.toml', synthetic('pyproject-uv-workspace.toml')), missing('setup.cfg'), missing('setup.py')],
    });
    expect(workspace.state).toBe('unconfirmed');
    const sibling = judgeStarjacking({
      packageName: 'example-poetry-package-extras',
      subPath: null,
      files: [file('pyproject.toml', synthetic('pyproject-poetry.toml')), missing('setup.cfg'), missing('setup.py')],
    });
    expect(sibling.state).toBe('unconfirmed');
    expect(relatedNames('apache-airflow', 'apache-airflow-providers-amazon')).toBe(true);
    expect(relatedNames('requests', '0requests')).toBe(false);
  });

  it('is "could not confirm" when no file exists, a name is unreadable or the host failed', () => {
    const none = judgeStarjacking({
      packageName: 'x',
      subPath: 'libs/core',
      files: (['pyproject.toml', 'setup.cfg', 'setup.py'] as const).map((source) => ({ ...missing(source), path: `libs/core/${source}` })),
    });
    expect(none).toMatchObject({ state: 'unconfirmed', declaredName: null });
    expect(none.reason).toContain('in libs/core/');
    const variable = judgeStarjacking({
      packageName: 'x',
      subPath: null,
      files: [missing('pyproject.toml'), missing('setup.cfg'), file('setup.py', synthetic('setup-variable.py'))],
    });
    expect(variable.state).toBe('unconfirmed');
    const offline = judgeStarjacking({
      packageName: 'x',
      subPath: null,
      files: [file('pyproject.toml', null, 'offline'), missing('setup.cfg'), missing('setup.py')],
    });
    expect(offline.state).toBe('unconfirmed');
    expect(offline.reason).toContain('Could not read');
  });
});

describe('fetchBuildFiles', () => {
  it('asks raw.githubusercontent.com for the three files at the sub-path, in parallel, as text', async () => {
    const toml = synthetic('pyproject-pep621.toml');
    const { http, calls } = recordingHttp((call) =>
      call.url.endsWith('/pyproject.toml')
        ? new Response(toml, { headers: { 'content-type': 'text/plain; charset=utf-8' } })
        : new Response('404: Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    );
    const files = await fetchBuildFiles(http, 'o', 'r', 'libs/core');
    expect(calls.map((c) => c.url)).toEqual([
      'https://raw.githubusercontent.com/o/r/HEAD/libs/core/pyproject.toml',
      'https://raw.githubusercontent.com/o/r/HEAD/libs/core/setup.cfg',
      'https://raw.githubusercontent.com/o/r/HEAD/libs/core/setup.py',
    ]);
    expect(calls.every((c) => !c.headers.has('authorization'))).toBe(true);
    expect(files.map((f) => [f.source, f.text === toml, f.error?.kind ?? null])).toEqual([
      ['pyproject.toml', true, null],
      ['setup.cfg', false, 'not-found'],
      ['setup.py', false, 'not-found'],
    ]);
    expect(files[0]!.htmlUrl).toBe('https://github.com/o/r/blob/HEAD/libs/core/pyproject.toml');
  });

  it('builds no URL that climbs out of the repository', () => {
    expect(rawFileUrl('o', 'r', '../../evil/pyproject.toml')).toBeNull();
    expect(rawFileUrl('o/x', 'r', 'pyproject.toml')).toBeNull();
  });
});

describe('toRepositoryClaimants (deps.dev :packageversions)', () => {
  it('groups PyPI versions by package, counts attested ones as verified, skips other systems and issue trackers', async () => {
    const { toRepositoryClaimants } = await import('../../../../utils/sources/deps-dev');
    // Written to api.proto's ProjectPackageVersions message (no deps.dev answer was recorded; SYNTHETIC.md).
    const body = {
      versions: [
        {
          versionKey: { system: 'PYPI', name: 'Example_Package', version: '1.0' },
          relationType: 'SOURCE_REPO',
          relationProvenance: 'PYPI_PUBLISH_ATTESTATION',
        },
        {
          versionKey: { system: 'PYPI', name: 'example-package', version: '0.9' },
          relationType: 'SOURCE_REPO',
          relationProvenance: 'UNVERIFIED_METADATA',
        },
        {
          versionKey: { system: 'PYPI', name: 'newcomer', version: '0.0.1' },
          relationType: 'SOURCE_REPO',
          relationProvenance: 'UNVERIFIED_METADATA',
        },
        {
          versionKey: { system: 'PYPI', name: 'tracker-only', version: '1' },
          relationType: 'ISSUE_TRACKER',
          relationProvenance: 'UNVERIFIED_METADATA',
        },
        {
          versionKey: { system: 'NPM', name: 'example-package', version: '1.0.0' },
          relationType: 'SOURCE_REPO',
          relationProvenance: 'UNVERIFIED_METADATA',
        },
      ],
    };
    expect(toRepositoryClaimants(body, 'github.com/o/r')).toEqual({
      projectKey: 'github.com/o/r',
      url: 'https://deps.dev/project/github/o%2Fr',
      packages: [
        { name: 'example-package', versions: 2, verified: true, url: 'https://pypi.org/project/example-package/' },
        { name: 'newcomer', versions: 1, verified: false, url: 'https://pypi.org/project/newcomer/' },
      ],
    });
  });
});

// A link into a sub-folder that does not exist (…/tree/main/nonexistent, a %2F..%2F segment) used to end at
// "could not confirm" with nothing shown: the root's build files now say what the repository builds.
describe('a link to a missing sub-folder', () => {
  const NOT_FOUND = () => new Response('404: Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const poetry = synthetic('pyproject-poetry.toml'); // declares example-poetry-package
  const rootOnly = (call: { url: string }) =>
    call.url === 'https://raw.githubusercontent.com/o/r/HEAD/pyproject.toml' ? new Response(poetry) : NOT_FOUND();

  it.each([
    // the second: whatever sub-path the link parser makes of the encoded segment, it is not the root
    ['https://github.com/o/r/tree/main/nonexistent'],
    ['https://github.com/o/r/tree/main/%2F..%2F'],
  ])('%s: the sub-folder is asked (or refused), then the root; no URL leaves the repository', async (url) => {
    const link = parseRepositoryUrl(url, 'Source')!;
    const subPath = link.subPath!;
    expect(subPath).toBeTruthy();
    const { http, calls } = recordingHttp(rootOnly);
    const files = await fetchBuildFiles(http, link.owner!, link.name!, link.subPath);
    const asked = calls.map((c) => c.url);
    expect(asked.slice(-3)).toEqual([
      'https://raw.githubusercontent.com/o/r/HEAD/pyproject.toml',
      'https://raw.githubusercontent.com/o/r/HEAD/setup.cfg',
      'https://raw.githubusercontent.com/o/r/HEAD/setup.py',
    ]);
    expect(asked.slice(0, -3).every((u) => u.startsWith('https://raw.githubusercontent.com/o/r/HEAD/') && !u.includes('/../'))).toBe(true);
    const facts = judgeStarjacking({ packageName: 'unrelated-newcomer', files, subPath });
    expect(facts).toMatchObject({ state: 'mismatch', declaredName: 'example-poetry-package', unreadSubPath: subPath });
    expect(facts.reason).toMatch(/; at the repository root, pyproject.toml declares example-poetry-package, not unrelated-newcomer$/);
  });

  it('the root that builds this package is a match; a root with no build file stays "could not confirm", naming the folder', async () => {
    const { http } = recordingHttp(rootOnly);
    const files = await fetchBuildFiles(http, 'o', 'r', 'nonexistent');
    expect(judgeStarjacking({ packageName: 'Example-Poetry-Package', files, subPath: 'nonexistent' }).state).toBe('match');
    const empty = await fetchBuildFiles(recordingHttp(NOT_FOUND).http, 'o', 'r', 'nonexistent');
    expect(judgeStarjacking({ packageName: 'x', files: empty, subPath: 'nonexistent' })).toMatchObject({
      state: 'unconfirmed',
      unreadSubPath: 'nonexistent',
      reason:
        'nonexistent/ holds no build file; at the repository root, no pyproject.toml, setup.cfg or setup.py at the repository root (a monorepo, or not a Python project)',
    });
  });

  it('a sub-folder that climbs out is not asked at all: "could not be read", and the root is judged', async () => {
    const { http, calls } = recordingHttp(rootOnly);
    const files = await fetchBuildFiles(http, 'o', 'r', 'libs/../..');
    expect(calls).toHaveLength(3); // the root's three only
    const facts = judgeStarjacking({ packageName: 'unrelated-newcomer', files, subPath: 'libs/../..' });
    expect(facts).toMatchObject({ state: 'mismatch', unreadSubPath: 'libs/../..' });
    expect(facts.reason).toMatch(/^the build files in libs\/\.\.\/\.\.\/ could not be read; at the repository root/);
  });

  it('a sub-folder with a build file is judged alone: the root is not asked', async () => {
    const { http, calls } = recordingHttp((call) => (call.url.endsWith('/libs/core/pyproject.toml') ? new Response(poetry) : NOT_FOUND()));
    const files = await fetchBuildFiles(http, 'o', 'r', 'libs/core');
    expect(calls).toHaveLength(3);
    const facts = judgeStarjacking({ packageName: 'unrelated-newcomer', files, subPath: 'libs/core' });
    expect(facts).toMatchObject({ state: 'mismatch', declaredName: 'example-poetry-package' });
    expect(facts.unreadSubPath).toBeUndefined();
  });
});
