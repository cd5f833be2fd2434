import { levelRank } from '../../contract/levels';
import type { Level, TyposquatCandidate } from '../../contract/report';
import { howItResembles, isCombosquat } from '../../contract/typosquat-words';
import { groupDigits } from '../../lib/numbers';
import { plural } from '../../lib/words';
import { day, daysBetween, describeDuration, finding, okData } from '../helpers';
import type { Rule, TrustInput } from '../types';

const ID = 'typosquat';
/** Typosquats are new: most are reported and removed within weeks of upload. */
export const YOUNG_NAME_DAYS = 90;
/** A squat is uploaded to be installed, not maintained: it rarely has more than a few releases. */
export const FEW_RELEASES = 3;
/** Two names this popular joined ("requests-pandas") are borrowed fame, not a plugin's description. */
export const STRONG_COMBO_RANK = 1_000;
/** A slip of one of the 100 most installed names reaches more mistyped installs than anything else. */
export const STRONG_SLIP_RANK = 100;

/** Kinds that mistype a name rather than add to it. */
const SLIP_KINDS = new Set(['separators', 'look-alike', 'transposition', 'doubled-letter', 'edit']);

/** The signals beside the name that separate an attack from a real project that happens to be named alike. */
export type NameHistory = {
  firstUploadAt: string | null;
  releases: number | null;
  /** 'unknown': not checked (the requirements check reads no repository). */
  repository: 'verified' | 'claimed' | 'none' | 'unknown';
};
type History = NameHistory & { young: boolean };

function withAge(history: NameHistory, now: string): History {
  const age = history.firstUploadAt ? daysBetween(history.firstUploadAt, now) : null;
  return { ...history, young: age !== null && age < YOUNG_NAME_DAYS };
}

function historyOf(input: TrustInput, now: string): History | null {
  const releases = okData(input.releases);
  if (!releases) return null;
  const repo = okData(input.repository);
  // An early report's link may still be verified by the attestations: not a signal until they are in.
  const pending = repo?.verification.pending !== undefined;
  const repository =
    !repo || (pending && repo.link) ? 'unknown' : !repo.link ? 'none' : repo.verification.status === 'verified' ? 'verified' : 'claimed';
  return withAge({ firstUploadAt: releases.firstUploadAt, releases: releases.releaseCount, repository }, now);
}

/** Install- or import-time code findings at caution or worse (what a squat's payload looks like). */
function codeWarnings(input: TrustInput): string[] {
  const code = okData(input.code);
  if (!code) return [];
  const checks = code.findings.filter((f) => f.check !== 'not-checked' && levelRank(f.level) >= levelRank('caution')).map((f) => f.check);
  return [...new Set(checks)];
}

function secondSignals(history: History, code: string[]): string[] {
  const signals: string[] = [];
  if (history.young && history.firstUploadAt) signals.push(`it is new (first upload ${day(history.firstUploadAt)})`);
  if (history.releases !== null && history.releases <= FEW_RELEASES) signals.push(`it has only ${plural(history.releases, 'release')}`);
  if (history.repository === 'none') signals.push('it links no repository');
  if (history.repository === 'claimed') signals.push('its repository link is only claimed, not verified');
  if (code.length > 0) signals.push(`its install-time code was flagged (${code.join(', ')})`);
  return signals;
}

const isStrong = (c: TyposquatCandidate) =>
  (c.kind === 'combo-names' && c.rank <= STRONG_COMBO_RANK && (c.partner?.rank ?? Infinity) <= STRONG_COMBO_RANK) ||
  (SLIP_KINDS.has(c.kind) && c.rank <= STRONG_SLIP_RANK);

/**
 * The level of a resemblance, weighed with the project's history: info alone, caution with a second signal
 * (or no history to show it is established), danger when new and the name is strong.
 */
function weighName(candidates: TyposquatCandidate[], history: History | null, code: string[]) {
  const signals = history ? secondSignals(history, code) : [];
  const strong = candidates.find(isStrong);
  const target = (history?.young && strong) || candidates[0]!;
  const level: Level = !history ? 'caution' : signals.length === 0 ? 'info' : history.young && strong ? 'danger' : 'caution';
  return { level, target, signals };
}

/**
 * A weak resemblance (a popular name plus any word, a slip of a niche name) is how thousands of real projects
 * are named: it is a caution only beside a new project, few releases or flagged install code, and otherwise
 * nothing — not even info, so an established project never reads it.
 */
function weighWeakName(weak: TyposquatCandidate[], history: History | null, code: string[]) {
  if (!history || weak.length === 0) return null;
  const fresh = history.young || (history.releases !== null && history.releases <= FEW_RELEASES) || code.length > 0;
  return fresh ? { level: 'caution' as Level, target: weak[0]!, signals: secondSignals(history, code) } : null;
}

/** The same weighing for a requirements line: its name, and what PyPI's JSON told of its history. */
export function weighRequirementName(candidates: TyposquatCandidate[], history: NameHistory, now: string) {
  return weighName(candidates, withAge(history, now), []);
}

/**
 * A requirements line whose name is only weakly like a popular one: a caution beside a new project or few
 * releases, as on the project's page; otherwise null, and the line says nothing of it.
 */
export function weighWeakRequirementName(weak: TyposquatCandidate[], history: NameHistory, now: string) {
  return weighWeakName(weak, withAge(history, now), []);
}

/** "established since 2017 with 32 releases and a verified repository". */
function established(history: History, now: string): string {
  const since = history.firstUploadAt ? `since ${history.firstUploadAt.slice(0, 4)}` : '';
  const age = history.firstUploadAt ? daysBetween(history.firstUploadAt, now) : null;
  const years = age !== null && age >= 365 ? since : history.firstUploadAt ? `for ${describeDuration((age ?? 0) * 24)}` : '';
  const parts = [years, history.releases !== null ? `with ${plural(history.releases, 'release')}` : ''].filter(Boolean).join(' ');
  const repo = history.repository === 'verified' ? ' and a verified repository' : '';
  return `established ${parts}${repo}`.replace(/\s+/g, ' ').trim();
}

/** A name that nearly matches a far more popular one is how typosquats catch a slip of the keyboard. */
export const typosquat: Rule = {
  id: ID,
  title: 'Name resembles a popular package',
  rationale:
    'Typosquats copy a popular name with a slip (a swapped, doubled or look-alike letter) or add to it (a "python-" prefix, a second popular name, "install") so that a typo or a guess installs them instead.',
  thresholds: [
    {
      name: 'YOUNG_NAME_DAYS',
      value: YOUNG_NAME_DAYS,
      unit: 'days',
      reason: 'typosquats are new: most are reported and removed within weeks of upload',
    },
    {
      name: 'FEW_RELEASES',
      value: FEW_RELEASES,
      unit: 'releases',
      reason: 'a squat is uploaded to be installed, not maintained, and rarely has more',
    },
    {
      name: 'STRONG_COMBO_RANK',
      value: STRONG_COMBO_RANK,
      unit: 'rank',
      reason: 'two names this popular joined are borrowed fame, not a plugin name',
    },
    {
      name: 'STRONG_SLIP_RANK',
      value: STRONG_SLIP_RANK,
      unit: 'rank',
      reason: 'slips of the 100 most installed names catch the most mistyped installs',
    },
    { name: 'EDITS_FROM_5_LETTERS', value: 1, unit: 'edits', reason: 'names of 5–8 letters: one slip of the finger' },
    {
      name: 'EDITS_FROM_9_LETTERS',
      value: 2,
      unit: 'edits',
      reason: 'long names have room for two slips, counted only against the top 100',
    },
    {
      name: 'SHORT_NAME_LETTERS',
      value: 4,
      unit: 'letters',
      reason: 'shorter names: only a look-alike, a swap or a dropped/doubled letter of a top-3,000 name; every short name has neighbours',
    },
    {
      name: 'NEIGHBOUR_RANK',
      value: 3_000,
      unit: 'rank',
      reason: 'a changed letter in a name of up to 8 letters is a slip only against these; below, real names are that close',
    },
    { name: 'COMBO_TARGET_RANK', value: 3_000, unit: 'rank', reason: 'combosquats borrow the names everyone installs' },
    {
      name: 'COMBO_PAIR_RANK',
      value: 1_000,
      unit: 'rank',
      reason: 'two joined names both this popular; real projects join a niche name to a popular one',
    },
    {
      name: 'NAMESPACE_MIN_NAMES',
      value: 12,
      unit: 'listed plugins',
      reason:
        'a framework with this many "<framework>-<library>" plugins names plugins, not squats; nor is "<name>-<word>" a weak combo when this many listed names start "<name>-"',
    },
    {
      name: 'WEAK_COMBO_RANK',
      value: 3_000,
      unit: 'rank',
      reason:
        'a popular name plus any one word ("requests-wiki") is also how real plugins are named: a weak candidate, a caution only for a new project or one with few releases',
    },
    {
      name: 'WEAK_TWO_EDIT_LETTERS',
      value: 12,
      unit: 'letters',
      reason: 'two edits of a name outside the top 100 only from this length, and only as a weak candidate',
    },
  ],
  evaluate(input, ctx) {
    const identity = okData(input.identity);
    const facts = identity?.typosquat;
    if (!identity || !facts) return [];
    const history = historyOf(input, ctx.now);
    const weak = facts.candidates.length === 0;
    const weighed = weak
      ? weighWeakName(facts.weak ?? [], history, codeWarnings(input))
      : weighName(facts.candidates, history, codeWarnings(input));
    if (!weighed) return [];
    const { level, target, signals } = weighed;
    const listedCandidates = weak ? (facts.weak ?? []) : facts.candidates;

    const name = input.package.name;
    const list = identity.topList;
    const listDate = list.lastUpdate ? ` in the month to ${day(list.lastUpdate)}` : '';
    const others = listedCandidates.filter((c) => c !== target).map((c) => c.name);
    const what =
      `${name} ${howItResembles(target)} ${target.name}, the #${groupDigits(target.rank)} most downloaded package ` +
      `(${groupDigits(target.downloads)} downloads${listDate}). ${name} is not among the ${groupDigits(list.count)} most downloaded, ` +
      `so it has at most ${groupDigits(list.floorDownloads ?? 0)}. ` +
      (others.length > 0 ? `It also resembles ${others.join(', ')}. ` : '');
    const times = groupDigits(target.timesMoreAtLeast);
    const evidence = [
      ...[target, ...listedCandidates.filter((c) => c !== target)].map((c) => ({ label: `${c.name} on PyPI`, url: c.url })),
      ...(target.partner ? [{ label: `${target.partner.name} on PyPI`, url: target.partner.url }] : []),
      { label: 'Most-downloaded PyPI packages (hugovk/top-pypi-packages)', url: 'https://hugovk.github.io/top-pypi-packages/' },
    ];
    const shape = isCombosquat(target.kind) ? 'combosquat' : 'typosquat';

    if (level === 'info') {
      return [
        finding(
          input,
          ID,
          'info',
          `Name resembles \`${target.name}\`; most likely its own project`,
          `${what}Nothing else points at a ${shape}: ${name} is ${established(history!, ctx.now)}, so most likely its own project.`,
          evidence,
        ),
      ];
    }
    const besides = history
      ? `Besides the name, ${signals.join('; ')}. `
      : 'Its release history could not be checked, so nothing shows it is an established project. ';
    if (level === 'danger') {
      return [
        finding(
          input,
          ID,
          'danger',
          `Likely ${shape} of \`${target.name}\`: new, with a name built from ${target.kind === 'combo-names' ? 'two of the most installed packages' : 'one of the 100 most installed'}`,
          `${what}${besides}That is how ${shape}s look: do not install it unless you know its publisher; you most likely meant ${target.name}.`,
          evidence,
        ),
      ];
    }
    if (weak) {
      return [
        finding(
          input,
          ID,
          'caution',
          `Did you mean \`${target.name}\`? A new project named close to it (at least ${times}× more downloads)`,
          `${what}Many real projects are named this close to a popular one, so the name alone says little; but ${signals.join('; ')}, which is how ${shape}s look. Check that this is the name you meant before installing.`,
          evidence,
        ),
      ];
    }
    return [
      finding(
        input,
        ID,
        'caution',
        `Did you mean \`${target.name}\`? (at least ${times}× more downloads)`,
        `${what}${besides}Check that this is the name you meant before installing.`,
        evidence,
      ),
    ];
  },
};
