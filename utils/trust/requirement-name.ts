// The name check for one line of a requirements check: the same weighing as the typosquat rule, on what
// the check knows — the name, and for an unpinned line PyPI's first upload and release count.
import { levelRank, verdictWord } from '../contract/levels';
import type { TyposquatCandidate } from '../contract/report';
import { howItResembles } from '../contract/typosquat-words';
import { groupDigits } from '../lib/numbers';
import type { RequirementJudgement } from './requirement';
import { type NameHistory, weighRequirementName, weighWeakRequirementName } from './rules/typosquat';

export type RequirementNameFacts = {
  name: string;
  /** Most downloaded first; empty when the name resembles nothing (or is itself popular). */
  candidates: TyposquatCandidate[];
  /**
   * Weak candidates (a popular name plus any word, a slip of a niche name; none of them in `candidates`): real
   * projects are often named so, so a line says so only when it is not on PyPI or is new or has few releases.
   */
  weak?: TyposquatCandidate[];
  /** null: PyPI was not asked (a pinned line) or did not answer. */
  history: Omit<NameHistory, 'repository'> | null;
  onPypi: boolean | null;
  now: string;
};

/** "boto3-wiki is a popular name plus a word: boto3 (#12 most downloaded)" — the words of every level below. */
function resemblance(name: string, target: TyposquatCandidate): string {
  return `${name} ${howItResembles(target)} ${target.name} (#${groupDigits(target.rank)} most downloaded)`;
}

/** A line whose name PyPI does not have, resembling a popular one: caution, in the words given. */
function notOnPypi(judged: RequirementJudgement, why: string): RequirementJudgement {
  return { ...judged, verdict: { level: 'caution', headline: `${verdictWord('caution')}: not on PyPI — ${why}` } };
}

/** Adds the name's resemblance to a judged line: a note always, a worse verdict when the history weighs in. */
export function withNameCheck(judged: RequirementJudgement, facts: RequirementNameFacts): RequirementJudgement {
  if (judged.verdict.level === 'danger') return judged;
  const target = facts.candidates[0];
  if (!target) return withWeakNameCheck(judged, facts);
  const like = resemblance(facts.name, target);
  if (facts.onPypi === false) return notOnPypi(judged, `${like}; you most likely meant ${target.name} (anyone could register this name)`);
  const notes = [...judged.notes, `Name: ${like}.`];
  // Without a release history (a pinned line) the name is a note: the check does not read the project.
  if (!facts.history) return { ...judged, notes };
  const weighed = weighRequirementName(facts.candidates, { ...facts.history, repository: 'unknown' }, facts.now);
  if (levelRank(weighed.level) <= levelRank(judged.verdict.level) || weighed.level === 'info') return { ...judged, notes };
  return {
    ...judged,
    verdict: {
      level: weighed.level,
      headline: `${verdictWord(weighed.level)}: ${like}, and ${weighed.signals.join('; ')} — check that this is the name you meant`,
    },
    notes: [...judged.notes, judged.verdict.headline],
  };
}

/** A weak resemblance: said only beside a second signal (not on PyPI, new, few releases), as the panel does. */
function withWeakNameCheck(judged: RequirementJudgement, facts: RequirementNameFacts): RequirementJudgement {
  const target = facts.weak?.[0];
  if (!target) return judged;
  const like = resemblance(facts.name, target);
  if (facts.onPypi === false)
    return notOnPypi(judged, `${like}; if you meant ${target.name}, use that name (anyone could register this one)`);
  if (!facts.history) return judged;
  const weighed = weighWeakRequirementName([target], { ...facts.history, repository: 'unknown' }, facts.now);
  if (!weighed || levelRank(weighed.level) <= levelRank(judged.verdict.level)) return judged;
  return {
    ...judged,
    verdict: {
      level: weighed.level,
      headline: `${verdictWord(weighed.level)}: ${like}, and ${weighed.signals.join('; ')} — many real projects are named this close to a popular one, so check that this is the name you meant`,
    },
    notes: [...judged.notes, judged.verdict.headline],
  };
}
