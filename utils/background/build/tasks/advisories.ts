// Advisories: OSV asked for the viewed version (and the latest, when another), merged with PyPI's own feed.
// The OSV query needs only the version, so the page's shown version starts it before PyPI answers.
import { advisoryFacts, queryAdvisories } from '../../../sources/osv';
import { DISABLED } from '../graph';
import { dependsOn, releasesError, task } from '../facts';

export const osvTask = task({
  id: 'osv',
  needs: ['version', 'latestVersion'],
  enabled: ({ settings }) => settings.sources.osv,
  whenOff: () => null,
  run: ({ version, latestVersion }, { http, request }) => (version ? queryAdvisories(http, request.name, version, latestVersion) : null),
});

export const advisoriesTask = task({
  id: 'advisories',
  needs: ['releases', 'osv'],
  enabled: ({ settings }) => settings.sources.osv,
  whenOff: () => DISABLED,
  run: ({ releases, osv }) => {
    if (releases.state !== 'ok' || !osv) return dependsOn(releasesError(releases));
    return advisoryFacts(osv, releases.data.vulnerabilities);
  },
});
