// Synthetic scale-ups of recorded PyPI JSON bodies, built in memory (never written as fixtures).

/** A recorded project body scaled up to `target` releases: each version again as <v>.postN (or N!<v>). */
export function syntheticScaleUp(body: string, target: number): { text: string; releases: number } {
  const json = JSON.parse(body) as { releases: Record<string, unknown[]> };
  const original = Object.entries(json.releases);
  const releases: Record<string, unknown[]> = {};
  for (let k = 0; Object.keys(releases).length < target; k++) {
    for (const [version, files] of original) {
      if (Object.keys(releases).length >= target) break;
      const key = k === 0 ? version : /post|dev|!/.test(version) ? `${k}!${version}` : `${version}.post${k}`;
      releases[key] = files;
    }
  }
  return { text: JSON.stringify({ ...json, releases }), releases: Object.keys(releases).length };
}

/** Each release keeps its sdist and one wheel: the shape of projects with thousands of releases (botocore, boto3). */
export function twoFilesPerRelease(body: string): string {
  const json = JSON.parse(body) as { releases: Record<string, { packagetype?: string }[]> };
  for (const [version, files] of Object.entries(json.releases)) {
    const sdist = files.find((f) => f.packagetype === 'sdist');
    const wheel = files.find((f) => f.packagetype === 'bdist_wheel');
    json.releases[version] = [sdist, wheel].filter((f): f is { packagetype?: string } => f !== undefined);
  }
  return JSON.stringify(json);
}
