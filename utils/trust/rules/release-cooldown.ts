import { day, describeDuration, finding, hoursBetween, okData, versionPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'release-cooldown';
const COOLDOWN_HOURS = 72;

/** Waiting a few days lets scanners and users catch a compromised release before you install it. */
export const releaseCooldown: Rule = {
  id: ID,
  title: 'Release is very new',
  rationale: 'Most malicious releases are caught within days; waiting a little before installing a new release costs little.',
  thresholds: [
    {
      name: 'COOLDOWN_HOURS',
      value: COOLDOWN_HOURS,
      unit: 'hours',
      reason: 'most malicious releases are reported and removed within a few days',
    },
  ],
  evaluate(input, ctx) {
    const viewed = okData(input.releases)?.viewed;
    if (!viewed?.uploadedAt) return [];
    const hours = hoursBetween(viewed.uploadedAt, ctx.now);
    if (hours === null || hours >= COOLDOWN_HOURS) return [];
    return [
      finding(
        input,
        ID,
        'caution',
        `${viewed.version} was published ${describeDuration(hours)} ago`,
        `${viewed.version} was uploaded on ${day(viewed.uploadedAt)} — most malicious releases are caught within days; consider waiting (the Releases section has install lines that leave it out until it is 7 days old).`,
        [versionPage(input, viewed.version)],
      ),
    ];
  },
};
