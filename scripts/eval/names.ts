// The name check measured: recall on recorded malicious names, false candidates on real popular names,
// the typosquat rule's levels under two synthetic profiles, and the lookup time. Nothing here is a test.
import { levelRank } from '../../utils/contract/levels';
import type { TopListStatus, TopPackages, TyposquatCandidate, TyposquatFacts } from '../../utils/contract/report';
import { buildTyposquatIndex, checkTyposquat, type TyposquatIndex } from '../../utils/analysis/typosquat';
import { typosquat } from '../../utils/trust/rules/typosquat';
import { topListStatus } from '../../utils/sources/top-packages';
import { firstOf, LEGITIMATE_FROM_RANK, type MaliciousName, REFERENCE_SIZE } from './corpora';
import { share, type EvalFigure } from './figures';
import { EVAL_NOW, PROFILES, type Profile, profileInput } from './profiles';

/** What the rule says of a name under a profile: its level, or null when it says nothing. */
function levelUnder(name: string, facts: TyposquatFacts, status: TopListStatus, profile: Profile) {
  const findings = typosquat.evaluate(profileInput(name, facts, status, profile), { now: EVAL_NOW });
  return findings[0]?.level ?? null;
}

const cautionOrWorse = (level: string | null) => level !== null && levelRank(level as 'caution') >= levelRank('caution');

export type NameEvaluation = { figures: EvalFigure[]; examples: { title: string; lines: string[] }[] };

export function evaluateNames(top: TopPackages, malicious: MaliciousName[]): NameEvaluation {
  const full = buildTyposquatIndex(top);
  const fullStatus = topListStatus({ ok: true, data: top, fetchedAt: EVAL_NOW, fromCache: false }, Date.parse(EVAL_NOW));
  const listed = new Set(top.names);
  const usable = malicious.filter((m) => !listed.has(m.name.toLowerCase().replace(/[-_.]+/g, '-')));
  const checked = usable.map((m) => ({ ...m, facts: checkTyposquat(m.name, full) }));
  const named = checked.filter((m) => m.kind !== 'other');
  // A weak candidate counts as flagged: the rule reports it for a new project or one with ≤ 3 releases (which
  // every recorded squat was), never for an established one. The "on the name alone" rows leave it out.
  const rightTarget = (m: (typeof checked)[number]) => [...m.facts.candidates, ...(m.facts.weak ?? [])].some((c) => c.name === m.target);
  const rightAlone = (m: (typeof checked)[number]) => m.facts.candidates.some((c) => c.name === m.target);
  const flagged = (facts: TyposquatFacts) => facts.candidates.length > 0 || (facts.weak?.length ?? 0) > 0;

  const typoAffix = named.filter((m) => m.kind === 'typo' || m.kind === 'affix');
  const combos = named.filter((m) => m.kind === 'combo');
  const youngLevels = named.map((m) => ({ m, level: levelUnder(m.name, m.facts, fullStatus, PROFILES.young) }));

  // Legitimate names: each of ranks 10,001–15,000 checked against the top 10,000 (as if unlisted).
  const reference = firstOf(top, REFERENCE_SIZE);
  const refIndex = buildTyposquatIndex(reference);
  const refStatus = topListStatus({ ok: true, data: reference, fetchedAt: EVAL_NOW, fromCache: false }, Date.parse(EVAL_NOW));
  const legit = top.names.slice(LEGITIMATE_FROM_RANK - 1).map((name) => ({ name, facts: checkTyposquat(name, refIndex) }));
  const withCandidate = legit.filter((l) => l.facts.candidates.length > 0);
  const weakOnly = legit.filter((l) => l.facts.candidates.length === 0 && flagged(l.facts));
  const established = [...withCandidate, ...weakOnly].map((l) => ({
    ...l,
    level: levelUnder(l.name, l.facts, refStatus, PROFILES.established),
  }));
  const legitCaution = established.filter((l) => cautionOrWorse(l.level));
  const legitYoung = [...withCandidate, ...weakOnly].filter((l) => cautionOrWorse(levelUnder(l.name, l.facts, refStatus, PROFILES.young)));

  const lookup = timeLookups(full, [...usable.map((m) => m.name), ...legit.map((l) => l.name)]);

  const byKind = (kind: MaliciousName['kind']) => named.filter((m) => m.kind === kind);
  const figures: EvalFigure[] = [
    share(
      'names',
      'typo + affix flagged with the right target',
      typoAffix.filter(rightTarget).length,
      typoAffix.length,
      { op: '>=', target: 0.95 },
      'counts a weak candidate (reported only for a new project or one with ≤ 3 releases); "on the name alone" does not',
    ),
    ...(['typo', 'affix'] as const).map((k) => share('names', `  ${k}`, byKind(k).filter(rightTarget).length, byKind(k).length)),
    share('names', '  on the name alone', typoAffix.filter(rightAlone).length, typoAffix.length),
    share(
      'names',
      'combosquats flagged',
      combos.filter((m) => flagged(m.facts)).length,
      combos.length,
      { op: '>=', target: 0.8 },
      'counts a weak candidate, as above',
    ),
    share('names', '  on the name alone', combos.filter((m) => m.facts.candidates.length > 0).length, combos.length),
    share(
      'names',
      'legitimate names with a candidate on the name alone',
      withCandidate.length,
      legit.length,
      { op: '<=', target: 0.03 },
      `ranks ${LEGITIMATE_FROM_RANK.toLocaleString('en-US')}–${top.names.length.toLocaleString('en-US')} checked against the top ${REFERENCE_SIZE.toLocaleString('en-US')}; weak candidates are not counted here (an established project never sees them) but in the next row`,
    ),
    share(
      'names',
      'legitimate names with only a weak candidate',
      weakOnly.length,
      legit.length,
      undefined,
      'what a new project (or one with ≤ 3 releases) named like these would be cautioned for, beside the row above',
    ),
    share(
      'levels',
      'legitimate at caution or worse (established)',
      legitCaution.length,
      legit.length,
      { op: '<=', target: 0.005 },
      'established: first upload 3 years ago, 20 releases, verified repository',
    ),
    share(
      'levels',
      'legitimate at caution or worse (young)',
      legitYoung.length,
      legit.length,
      undefined,
      'the same real names, as if each were a new upload: the cost of the weak candidates',
    ),
    share(
      'levels',
      'malicious at caution or worse (young)',
      youngLevels.filter((y) => cautionOrWorse(y.level)).length,
      named.length,
      { op: '>=', target: 0.95 },
      'young: first upload 5 days ago, 1 release, no repository; typo, affix and combo names',
    ),
    share('levels', '  of which danger', youngLevels.filter((y) => y.level === 'danger').length, named.length),
    share(
      'levels',
      '"other" malicious names flagged (young)',
      checked.filter((m) => m.kind === 'other' && flagged(m.facts)).length,
      checked.filter((m) => m.kind === 'other').length,
      undefined,
      'names that imitate nothing popular: no name check can catch them',
    ),
    {
      check: 'lookup',
      name: `p95 against ${top.names.length.toLocaleString('en-US')} names`,
      unit: 'ms',
      value: lookup.p95,
      goal: { op: '<', target: 1 },
    },
    { check: 'lookup', name: 'slowest', unit: 'ms', value: lookup.max },
  ];
  const describe = (c: TyposquatCandidate) => `${c.name} (${c.kind}${c.partner ? ` + ${c.partner.name}` : ''})`;
  const show = (name: string, facts: TyposquatFacts) =>
    `${name} → ${[...facts.candidates.map(describe), ...(facts.weak ?? []).map((c) => `weak: ${describe(c)}`)].join(', ') || 'nothing'}`;
  const examples = [
    {
      title: 'typo/affix names missed (or another target)',
      lines: typoAffix.filter((m) => !rightTarget(m)).map((m) => `${show(m.name, m.facts)}; labelled ${m.target}`),
    },
    {
      title: 'combosquats missed',
      lines: combos.filter((m) => !flagged(m.facts)).map((m) => `${m.name} (labelled ${m.target})`),
    },
    {
      title: 'malicious names below caution (young)',
      lines: youngLevels.filter((y) => !cautionOrWorse(y.level)).map((y) => `${y.m.name}: ${y.level ?? 'no finding'}`),
    },
    { title: 'legitimate names at caution or worse (established)', lines: legitCaution.map((l) => `${show(l.name, l.facts)}: ${l.level}`) },
    { title: 'legitimate names with a candidate on the name alone', lines: withCandidate.map((l) => show(l.name, l.facts)) },
    { title: 'legitimate names with only a weak candidate', lines: weakOnly.map((l) => show(l.name, l.facts)) },
  ];
  return { figures, examples };
}

function timeLookups(index: TyposquatIndex, names: string[], rounds = 3) {
  for (const name of names) checkTyposquat(name, index); // warm-up (JIT, lazy tables)
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const t0 = performance.now();
      checkTyposquat(name, index);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  return { p95: times[Math.floor(times.length * 0.95)] ?? 0, max: times.at(-1) ?? 0 };
}
