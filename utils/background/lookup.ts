// The popup's lookup: the same report as the panel for a package PyPI has; for a name it does not
// have, "not on PyPI" plus OSV's MAL- records for that name (asked only then).
import type { LookupResult } from '../messages';
import { normalizePackageName } from '../package-name';
import { type BuildDeps, buildReport } from '../report-builder';
import { queryOsvPackage } from '../sources/osv-batch';
import { fetchReleaseFacts } from '../sources/pypi-json';
import { judgeMissingPackage } from '../trust/missing-package';

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
  const osvSection = deps.settings.sources.osv ? await queryOsvPackage(deps.http, query.name) : ({ state: 'disabled' } as const);
  const osv =
    osvSection.state === 'ok'
      ? ({ state: 'ok' } as const)
      : osvSection.state === 'disabled'
        ? ({ state: 'disabled' } as const)
        : ({ state: 'error', message: osvSection.error.message } as const);
  // A withdrawn MAL- entry was a false report: it accuses no one.
  const malicious = osvSection.state === 'ok' ? osvSection.data.filter((a) => a.malicious && a.withdrawn === null) : [];
  return {
    kind: 'not-on-pypi',
    name: query.name,
    normalizedName: normalizePackageName(query.name),
    verdict: judgeMissingPackage(query.name, malicious, osv),
    malicious,
    osv,
  };
}
