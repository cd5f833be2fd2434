import { compareVersions, isPrerelease } from '../../lib/versions';
import { finding, okData, projectPage, versionPage } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule } from '../types';

const ID = 'viewed-outdated';

/** Older releases miss fixes; pre-releases are not meant for production. Worth knowing, not alarming. */
export const viewedOutdated: Rule = {
  id: ID,
  title: 'Viewed version is not the latest release',
  rationale: 'Old releases miss later fixes and pre-releases are unfinished; install the latest final release unless you need this one.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.releases);
    if (!facts || facts.latestVersion === null) return [];
    const { viewedVersion, latestVersion } = facts;
    const evidence = [versionPage(input, latestVersion), projectPage(input)];
    if (compareVersions(viewedVersion, latestVersion) < 0) {
      const behind = facts.releasesBehind > 0 ? ` (${plural(facts.releasesBehind, 'newer release')})` : '';
      return [
        finding(
          input,
          ID,
          'info',
          `${viewedVersion} is not the latest release: ${latestVersion} is${behind}`,
          `You are viewing ${viewedVersion}${isPrerelease(viewedVersion) ? ', a pre-release' : ''}. The latest release is ${latestVersion}.`,
          evidence,
        ),
      ];
    }
    if (isPrerelease(viewedVersion) && !isPrerelease(latestVersion)) {
      return [
        finding(
          input,
          ID,
          'info',
          `${viewedVersion} is a pre-release; the latest final release is ${latestVersion}`,
          'Pre-releases are published for testing and may change or break; pip skips them unless asked.',
          evidence,
        ),
      ];
    }
    return [];
  },
};
