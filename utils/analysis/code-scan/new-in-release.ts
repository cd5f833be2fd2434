// What a release newly runs: the viewed version's install- and import-time findings matched against the
// previous release's, by check, file (without the version in its folder names) and normalised matched text —
// never by line number, which any edit above shifts. Pure: the caller scans both releases.
import type { CodeFinding, DistributionFile, ReleaseInfo, ScannedDistribution } from '../../contract/report';
import { compareVersions, isPrerelease } from '../../lib/versions';

/** The release before `viewed` a user would have had: not yanked, with files, a final release unless `viewed` is a pre-release. */
export function previousRelease(releases: ReleaseInfo[], viewed: string): string | null {
  const pre = isPrerelease(viewed);
  let best: ReleaseInfo | null = null;
  for (const r of releases) {
    if (r.yanked || r.fileCount === 0 || (!pre && r.isPrerelease) || compareVersions(r.version, viewed) >= 0) continue;
    if (!best || compareVersions(r.version, best.version) > 0) best = r;
  }
  return best?.version ?? null;
}

/** A path with the release's version taken out of its folder names: "foo-1.0/setup.py" → "setup.py". */
export function releaseNeutralPath(path: string, version: string): string {
  const parts = path.split('/');
  // An sdist's single top folder ("foo-1.0/"); a wheel's "foo-1.0.dist-info/" and "foo-1.0.data/".
  if (parts.length > 1 && parts[0]!.endsWith(`-${version}`)) return parts.slice(1).join('/');
  return path.replace(new RegExp(`^([^/]+)-${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(dist-info|data)/`), '$1.$2/');
}

const key = (f: CodeFinding, kind: DistributionFile['packageType'], version: string) =>
  [
    kind,
    f.check,
    f.path ? releaseNeutralPath(f.path, version) : '',
    (f.excerpt ?? '').split(version).join('<v>').replace(/\s+/g, ' ').trim(),
  ].join('\u0000');

export type ReleaseScan = { version: string; distributions: ScannedDistribution[]; findings: CodeFinding[] };

/**
 * The viewed findings with `newInRelease` set where it can be told: a finding that runs at install or import,
 * from a kind of archive (sdist, wheel) the previous release was scanned in. Others are left unmarked.
 */
export function markNewFindings(viewed: ReleaseScan, previous: ReleaseScan): CodeFinding[] {
  const kindOf = (scan: ReleaseScan) => new Map(scan.distributions.map((d) => [d.filename, d.packageType]));
  const viewedKinds = kindOf(viewed);
  const previousKinds = kindOf(previous);
  const compared = new Set(previous.distributions.filter((d) => d.state === 'scanned').map((d) => d.packageType));
  const before = new Set(previous.findings.map((f) => key(f, previousKinds.get(f.filename ?? '') ?? 'other', previous.version)));
  return viewed.findings.map((f) => {
    const kind = viewedKinds.get(f.filename ?? '');
    if (!kind || !compared.has(kind) || (f.runs ?? 'install') === 'package' || f.check === 'sdist-only') return f;
    return { ...f, newInRelease: !before.has(key(f, kind, viewed.version)) };
  });
}
