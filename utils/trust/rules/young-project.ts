import type { Finding } from '../../contract/report';
import { day, daysBetween, describeDuration, finding, okData, projectPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'young-project';
export const YOUNG_PROJECT_DAYS = 30;
const SINGLE_RELEASE = 1;

/** New projects have no track record; typosquats and malware are nearly always new. */
export const youngProject: Rule = {
  id: ID,
  title: 'Young project',
  rationale: 'Malicious packages are almost always new projects; a project with no history has no track record to judge.',
  thresholds: [
    {
      name: 'YOUNG_PROJECT_DAYS',
      value: YOUNG_PROJECT_DAYS,
      unit: 'days',
      reason: 'most malicious uploads are new projects, reported within weeks',
    },
    { name: 'SINGLE_RELEASE', value: SINGLE_RELEASE, unit: 'releases', reason: 'one release has no history to judge the publisher by' },
  ],
  evaluate(input, ctx) {
    const facts = okData(input.releases);
    if (!facts) return [];
    const findings: Finding[] = [];
    const age = facts.firstUploadAt ? daysBetween(facts.firstUploadAt, ctx.now) : null;
    if (facts.firstUploadAt && age !== null && age < YOUNG_PROJECT_DAYS) {
      findings.push(
        finding(
          input,
          ID,
          'caution',
          `New project: first release ${describeDuration(age * 24)} ago`,
          `The first file of ${facts.displayName} was uploaded on ${day(facts.firstUploadAt)}. New projects have no track record; check the name is the one you meant.`,
          [{ label: 'Release history on PyPI', url: `${projectPage(input).url}#history` }],
        ),
      );
    }
    if (facts.releaseCount === SINGLE_RELEASE) {
      findings.push(
        finding(
          input,
          ID,
          'info',
          'Only one release ever',
          `${facts.displayName} has published a single release, so there is no history to judge its publisher by.`,
          [{ label: 'Release history on PyPI', url: `${projectPage(input).url}#history` }],
        ),
      );
    }
    return findings;
  },
};
