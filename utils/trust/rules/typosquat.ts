import type { TyposquatCandidate, TyposquatKind } from '../../contract/report';
import { day, daysBetween, finding, okData } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule } from '../types';
import { groupDigits } from '../../lib/numbers';

const ID = 'typosquat';
const YOUNG_LOOKALIKE_DAYS = 90;

const HOW: Record<Exclude<TyposquatKind, 'edit'>, string> = {
  separators: 'differs only by separators (- _ .) from',
  affix: 'adds or drops a "python-"/"py-"/"-python" affix to',
  'look-alike': 'swaps a digit for a look-alike letter (0/o, 1/l, 5/s…) in',
  transposition: 'swaps two neighbouring letters of',
};

const howFar = (c: TyposquatCandidate) =>
  c.kind === 'edit' ? `is ${plural(c.distance, 'letter')} (added, dropped or changed) away from` : HOW[c.kind];

/** A name that nearly matches a far more popular one is how typosquats catch a slip of the keyboard. */
export const typosquat: Rule = {
  id: ID,
  title: 'Name resembles a popular package',
  rationale:
    'Typosquats copy a popular name with one slip (a swapped, added or look-alike letter, a "python-" prefix) so that a typo installs them instead.',
  thresholds: [
    {
      name: 'YOUNG_LOOKALIKE_DAYS',
      value: YOUNG_LOOKALIKE_DAYS,
      unit: 'days',
      reason: 'typosquats are new: most are reported and removed within weeks of upload',
    },
    {
      name: 'EDITS_FROM_5_LETTERS',
      value: 1,
      unit: 'edits',
      reason: 'names of 5–11 letters: one slip of the finger (shorter names: no edits, every short name has real neighbours)',
    },
    {
      name: 'EDITS_FROM_12_LETTERS',
      value: 2,
      unit: 'edits',
      reason: 'long names have room for two slips before another real name is that close',
    },
  ],
  evaluate(input, ctx) {
    const identity = okData(input.identity);
    const facts = identity?.typosquat;
    const target = facts?.candidates[0];
    if (!identity || !facts || !target) return [];
    const releases = okData(input.releases);
    const age = releases?.firstUploadAt ? daysBetween(releases.firstUploadAt, ctx.now) : null;
    const young = age !== null && age < YOUNG_LOOKALIKE_DAYS;
    const times = groupDigits(target.timesMoreAtLeast);
    const list = identity.topList;
    const listDate = list.lastUpdate ? ` in the month to ${day(list.lastUpdate)}` : '';
    const others = facts.candidates.slice(1).map((c) => c.name);
    const detail =
      `${input.package.name} ${howFar(target)} ${target.name}, the #${groupDigits(target.rank)} most downloaded package ` +
      `(${groupDigits(target.downloads)} downloads${listDate}). ${input.package.name} is not among the ` +
      `${groupDigits(list.count)} most downloaded, so it has at most ${groupDigits(list.floorDownloads ?? 0)}. ` +
      (young && releases?.firstUploadAt
        ? `It is also new (first upload ${day(releases.firstUploadAt)}), the usual shape of a typosquat. `
        : '') +
      (others.length > 0 ? `It also resembles ${others.join(', ')}. ` : '') +
      'Check that this is the name you meant before installing.';
    return [
      finding(input, ID, young ? 'danger' : 'caution', `Did you mean \`${target.name}\`? (at least ${times}× more downloads)`, detail, [
        { label: `${target.name} on PyPI`, url: target.url },
        ...facts.candidates.slice(1).map((c) => ({ label: `${c.name} on PyPI`, url: c.url })),
        { label: 'Most-downloaded PyPI packages (hugovk/top-pypi-packages)', url: 'https://hugovk.github.io/top-pypi-packages/' },
      ]),
    ];
  },
};
