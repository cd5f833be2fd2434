// SYNTHETIC release facts built around a list of releases: the shape PyPI's JSON normalises to, for tests and
// the eval's profiles that need a release history no recording holds. Nothing here claims to be a real history.
import type { ReleaseFacts, ReleaseInfo } from '../../utils/contract/report';

/** SYNTHETIC release facts around `releases`, viewed at `viewedVersion`. */
export function syntheticHistory(name: string, releases: ReleaseInfo[], viewedVersion: string): ReleaseFacts {
  const latest = releases.at(-1)!;
  return {
    projectUrl: `https://pypi.org/project/${name}/`,
    displayName: name,
    summary: null,
    releaseCount: releases.length,
    firstUploadAt: releases[0]!.uploadedAt,
    latestUploadAt: latest.uploadedAt,
    releases,
    latestVersion: latest.version,
    viewedVersion,
    viewed: releases.find((r) => r.version === viewedVersion) ?? null,
    releasesBehind: releases.length - 1 - releases.findIndex((r) => r.version === viewedVersion),
    yankedCount: 0,
    files: [],
    vulnerabilities: [],
    projectLinks: [],
    homePage: null,
    ownership: null,
    requiresPython: null,
  };
}
