import { day, daysBetween, describeDuration, finding, okData, projectPage, versionPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'release-gap';
const SILENCE_DAYS = 730;

/** A dormant project that suddenly releases again may have changed hands (account takeover, sale). */
export const releaseGap: Rule = {
  id: ID,
  title: 'Release after a long silence',
  rationale: 'A release after years of silence is how taken-over or sold projects usually show up; check who published it.',
  thresholds: [
    {
      name: 'SILENCE_DAYS',
      value: SILENCE_DAYS,
      unit: 'days',
      reason: 'two quiet years, then a release: the pattern of a taken-over account',
    },
  ],
  evaluate(input) {
    const facts = okData(input.releases);
    const viewedAt = facts?.viewed?.uploadedAt;
    if (!facts || !viewedAt) return [];
    // The release just before the viewed one in time (not in version order: backports exist).
    const previous = facts.releases
      .map((r) => r.uploadedAt)
      .filter((t): t is string => t !== null && Date.parse(t) < Date.parse(viewedAt))
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .at(-1);
    const gap = previous ? daysBetween(previous, viewedAt) : null;
    if (!previous || gap === null || gap <= SILENCE_DAYS) return [];
    const version = facts.viewed?.version ?? facts.viewedVersion;
    return [
      finding(
        input,
        ID,
        'caution',
        `${version} came after ${describeDuration(gap * 24)} without a release`,
        `The release before ${version} was uploaded on ${day(previous)}; ${version} followed on ${day(viewedAt)}. Check that the project is still in the same hands.`,
        [versionPage(input, version), { label: 'Release history on PyPI', url: `${projectPage(input).url}#history` }],
      ),
    ];
  },
};
