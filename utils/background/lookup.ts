// The popup's lookup: the same report as the panel for a package PyPI has; for a name it does not
// have, "not on PyPI" plus OSV's MAL- records for that name (asked only then).
import type { LookupResult } from '../contract/messages';
import { type BuildDeps, buildReport } from './build';
import { fetchReleaseFacts } from '../sources/pypi-json';
import { judgeMissingPackage } from '../trust/missing-package';
import { checkRemovedPackage } from './removed-package';

export async function lookupPackage(deps: BuildDeps, query: { name: string; version?: string }): Promise<LookupResult> {
  const report = await buildReport(deps, { name: query.name, version: query.version });
  const releases = report.releases;
  if (releases.state !== 'error' || releases.error.kind !== 'not-found') return { kind: 'report', report };

  if (query.version !== undefined) {
    // The project JSON was fetched (and cached) beside the version JSON: asking again costs no request.
    const project = await fetchReleaseFacts(deps.http, query.name);
    if (project.state === 'ok') {
      return {
        kind: 'no-such-version',
        name: project.data.displayName,
        version: query.version,
        latestVersion: project.data.latestVersion,
        projectUrl: project.data.projectUrl,
      };
    }
  }
  // The same check as pypi.org's 404 page (removed-package.ts): OSV's MAL- records and a "did you mean".
  const removed = await checkRemovedPackage(deps, query.name);
  return {
    kind: 'not-on-pypi',
    ...removed,
    verdict: judgeMissingPackage(removed.name, removed.malicious, removed.osv, removed.didYouMean, removed.didYouMeanWeak),
  };
}
