// Advisories: OSV asked for the viewed version (and the latest, when another), merged with PyPI's own feed.
// The OSV query needs only the version, so the page's shown version starts it before PyPI answers; the
// malicious-code history starts with it.
import type { Advisory, Section } from '../../../contract/report';
import { advisoryFacts, fetchPypiOnlyRecords, queryAdvisories } from '../../../sources/osv';
import { fetchMaliciousHistory } from '../../../sources/osv-batch';
import { withMalwareScopes } from '../../../trust/malware-scope';
import { DISABLED } from '../graph';
import { dependsOn, releasesError, task } from '../facts';

export const osvTask = task({
  id: 'osv',
  needs: ['version', 'latestVersion'],
  enabled: ({ settings }) => settings.sources.osv,
  whenOff: () => null,
  run: ({ version, latestVersion }, { http, request }) => (version ? queryAdvisories(http, request.name, version, latestVersion) : null),
});

/**
 * OSV's MAL- records for the name at any version: how a page of a later release learns of a compromised one.
 * It needs only the name, but waits for a version (the page's hint, as the OSV query does) so that pypi.org's
 * 404 page of a removed project, which has none, asks nothing here.
 */
export const osvHistoryTask = task({
  id: 'osvHistory',
  needs: ['version'],
  enabled: ({ settings }) => settings.sources.osv,
  whenOff: () => null,
  run: ({ version }, { http, request }): Promise<Section<Advisory[]>> | null =>
    version ? fetchMaliciousHistory(http, request.name) : null,
});

export const advisoriesTask = task({
  id: 'advisories',
  needs: ['releases', 'osv', 'osvHistory'],
  enabled: ({ settings }) => settings.sources.osv,
  whenOff: () => DISABLED,
  run: async ({ releases, osv, osvHistory }, { http, request }) => {
    if (releases.state !== 'ok' || !osv) return dependsOn(releasesError(releases));
    const pypiVulns = releases.data.vulnerabilities;
    // Records the history already holds (a PYSEC- alias of a MAL- record) are not asked again.
    const known = osvHistory?.state === 'ok' ? osvHistory.data : [];
    const pypiRecords = osv.viewed.ok ? await fetchPypiOnlyRecords(http, request.name, osv, pypiVulns, known) : [];
    const section = advisoryFacts(osv, pypiVulns, { pypiRecords, history: osvHistory, pypiFeedAt: releases.fetchedAt });
    if (section.state !== 'ok') return section;
    // Malicious code read against the release history once, for the rules and the panel alike.
    const advisories = withMalwareScopes(section.data.advisories, releases.data);
    return { ...section, data: { ...section.data, advisories } };
  },
});
