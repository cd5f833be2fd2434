import type { Level } from '../../contract/report';
import { finding, okData, projectPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'project-status';

const STATUS: Record<string, { level: Level; title: string; meaning: string } | undefined> = {
  quarantined: {
    level: 'danger',
    title: 'PyPI has quarantined this project',
    meaning: 'PyPI administrators quarantine a project they suspect of being malicious; it cannot be installed.',
  },
  archived: {
    level: 'caution',
    title: 'Project is archived on PyPI',
    meaning: 'The maintainers archived it: no new releases are expected, including security fixes.',
  },
  deprecated: {
    level: 'caution',
    title: 'Project is deprecated on PyPI',
    meaning: 'The maintainers deprecated it and advise against new use.',
  },
};

/** PEP 792 lets PyPI and maintainers mark a whole project as quarantined, archived or deprecated. */
export const projectStatus: Rule = {
  id: ID,
  title: 'Project status on PyPI',
  rationale: 'PEP 792 project status is the index itself saying a project is unsafe (quarantined) or unmaintained.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.provenance);
    const status = facts ? STATUS[facts.projectStatus.status] : undefined;
    if (!facts || !status) return [];
    const reason = facts.projectStatus.reason ? ` Reason: ${facts.projectStatus.reason}` : '';
    return [
      finding(input, ID, status.level, status.title, `${status.meaning}${reason}`, [
        projectPage(input),
        { label: 'Simple index entry (PEP 792 status)', url: facts.simpleUrl },
      ]),
    ];
  },
};
