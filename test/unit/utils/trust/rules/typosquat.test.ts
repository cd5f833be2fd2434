// The typosquat rule's levels: the name alone is info on an established project; a second signal (new,
// few releases, no or a claimed repository, flagged install code) makes it a caution; new and a strong
// name (two top-1,000 names joined, a slip of a top-100 name) a danger. Name facts come from the check on
// the recorded top list; the project's history is synthetic, one fact changed per row.
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat } from '../../../../../utils/analysis/typosquat';
import * as analysis from '../../../../../utils/analysis/typosquat';
import * as combos from '../../../../../utils/analysis/typosquat/combos';
import type {
  CodeFinding,
  Level,
  ReleaseFacts,
  RepositoryFacts,
  TyposquatCandidate,
  TyposquatFacts,
} from '../../../../../utils/contract/report';
import { normaliseTopPackages, TOP_PACKAGES_URL } from '../../../../../utils/sources/top-packages';
import { FEW_RELEASES, STRONG_COMBO_RANK, STRONG_SLIP_RANK, typosquat, YOUNG_NAME_DAYS } from '../../../../../utils/trust/rules/typosquat';
import type { TrustInput } from '../../../../../utils/trust/types';
import { DAY_MS } from '../../../../../utils/lib/time';
import { readRecorded } from '../../../../support/fixtures';
import { failed, ok } from '../facts';

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;
const index = buildTyposquatIndex(top);
const NOW = '2026-04-15T00:00:00.000Z';

type History = { ageDays: number; releases: number; repository: 'none' | 'claimed' | 'verified'; code?: CodeFinding[] };
const ESTABLISHED: History = { ageDays: 3 * 365, releases: 20, repository: 'verified' };
const YOUNG: History = { ageDays: 5, releases: 1, repository: 'none' };

function releases(name: string, h: History): ReleaseFacts {
  const firstUploadAt = new Date(Date.parse(NOW) - h.ageDays * DAY_MS).toISOString();
  return {
    projectUrl: `https://pypi.org/project/${name}/`,
    displayName: name,
    summary: null,
    releaseCount: h.releases,
    firstUploadAt,
    latestUploadAt: firstUploadAt,
    releases: [],
    latestVersion: '1.0',
    viewedVersion: '1.0',
    viewed: null,
    releasesBehind: 0,
    yankedCount: 0,
    files: [],
    vulnerabilities: [],
    projectLinks: [],
    homePage: null,
    ownership: null,
    requiresPython: null,
  };
}

function repository(name: string, h: History): RepositoryFacts {
  const url = `https://github.com/example/${name}`;
  const link = h.repository === 'none' ? null : { host: 'github' as const, url, owner: 'example', name, subPath: null, label: 'Source' };
  const evidence = h.repository === 'verified' ? [{ kind: 'attestation' as const, detail: 'synthetic', url }] : [];
  return {
    link,
    candidates: link ? [link] : [],
    verification: { status: h.repository === 'verified' ? 'verified' : 'claimed', evidence },
    github: null,
    depsDevProject: null,
    depsDevVersion: null,
  };
}

function input(name: string, facts: TyposquatFacts, h: History | 'no-history'): TrustInput {
  const history = h === 'no-history' ? null : h;
  return {
    package: { name, normalizedName: name, viewedVersion: '1.0', latestVersion: '1.0' },
    releases: history ? ok(releases(name, history)) : failed('not-found', 'PyPI answered 404'),
    repository: history ? ok(repository(name, history)) : failed('upstream', 'not checked'),
    advisories: ok({ viewedVersion: '1.0', latestVersion: '1.0', advisories: [] }),
    provenance: { state: 'disabled' },
    identity: ok({
      topList: { state: 'fresh', lastUpdate: top.lastUpdate, count: top.names.length, floorDownloads: index.floor, url: TOP_PACKAGES_URL },
      typosquat: facts,
      ownership: null,
    }),
    code: history?.code ? ok({ distributions: [], findings: history.code } as never) : undefined,
  };
}

const judge = (name: string, h: History | 'no-history', facts = checkTyposquat(name, index)) =>
  typosquat.evaluate(input(name, facts, h), { now: NOW });
const levelOf = (name: string, h: History | 'no-history', facts?: TyposquatFacts): Level | null => judge(name, h, facts)[0]?.level ?? null;

function codeFinding(level: Level, check: CodeFinding['check'] = 'network'): CodeFinding {
  return { check, level, filename: 'x-1.0.tar.gz', path: 'x-1.0/setup.py', line: 3, excerpt: null, detail: 'synthetic', url: null };
}

describe('the name alone', () => {
  it('is info on an established project, saying why it is most likely its own', () => {
    const [f] = judge('edx-ace', ESTABLISHED, { listed: false, rank: null, candidates: [candidate('ecdsa', 300, 'edit')] });
    expect(f?.level).toBe('info');
    expect(f?.title).toBe('Name resembles `ecdsa`; most likely its own project');
    expect(f?.detail).toContain('established since 2023 with 20 releases and a verified repository, so most likely its own project');
  });

  it('says nothing for a name that resembles nothing, or a listed one', () => {
    expect(judge('luigi', YOUNG)).toEqual([]);
    expect(judge('requests', YOUNG)).toEqual([]);
  });
});

describe('a second signal makes it a caution', () => {
  // 0requests is an edit of requests (#7): strong, so these rows use an established age to stay below danger.
  it.each([
    ['first upload 89 days ago', { ...ESTABLISHED, ageDays: YOUNG_NAME_DAYS - 1 }, 'danger'],
    ['first upload 90 days ago', { ...ESTABLISHED, ageDays: YOUNG_NAME_DAYS }, 'info'],
    ['3 releases', { ...ESTABLISHED, releases: FEW_RELEASES }, 'caution'],
    ['4 releases', { ...ESTABLISHED, releases: FEW_RELEASES + 1 }, 'info'],
    ['no repository', { ...ESTABLISHED, repository: 'none' }, 'caution'],
    ['a claimed repository', { ...ESTABLISHED, repository: 'claimed' }, 'caution'],
    ['install code that opens connections', { ...ESTABLISHED, code: [codeFinding('caution')] }, 'caution'],
    ['install code noted at info only', { ...ESTABLISHED, code: [codeFinding('info', 'sdist-only')] }, 'info'],
    ['install code that could not be checked', { ...ESTABLISHED, code: [codeFinding('caution', 'not-checked')] }, 'info'],
  ] as const)('0requests, %s: %s', (_what, history, level) => {
    expect(levelOf('0requests', history as History)).toBe(level);
  });

  it('a claimed link whose attestations are still being verified (an early report) is not yet a signal', () => {
    const facts = checkTyposquat('0requests', index);
    const early = input('0requests', facts, { ...ESTABLISHED, repository: 'claimed' });
    if (early.repository.state === 'ok') early.repository.data.verification.pending = 'attestations';
    expect(typosquat.evaluate(early, { now: NOW })[0]?.level).toBe('info');
  });

  it('lists the signals in the finding', () => {
    const [f] = judge('pygame-install', YOUNG);
    expect(f?.level).toBe('caution');
    expect(f?.title).toMatch(/^Did you mean `pygame`\? \(at least [\d,]+× more downloads\)$/);
    expect(f?.detail).toContain('pygame-install adds the word "install" to pygame, the #2,604 most downloaded package');
    expect(f?.detail).toContain('Besides the name, it is new (first upload 2026-04-10); it has only 1 release; it links no repository.');
  });

  it('is a caution when the release history is missing: nothing shows an established project', () => {
    const [f] = judge('0requests', 'no-history');
    expect(f?.level).toBe('caution');
    expect(f?.title).toMatch(/^Did you mean `requests`\?/);
    expect(f?.detail).toContain('the #7 most downloaded package');
  });
});

describe('new and a strong name is a danger', () => {
  it('requests-pandas, uploaded 5 days ago: two top-1,000 names joined', () => {
    const [f] = judge('requests-pandas', YOUNG);
    expect(f?.level).toBe('danger');
    expect(f?.title).toBe('Likely combosquat of `requests`: new, with a name built from two of the most installed packages');
    expect(f?.evidence.map((e) => e.url)).toContain('https://pypi.org/project/pandas/');
  });

  it('the same name on an established project is info', () => {
    expect(levelOf('requests-pandas', ESTABLISHED)).toBe('info');
  });

  it.each([
    ['both names at rank 1,000', STRONG_COMBO_RANK, STRONG_COMBO_RANK, 'danger'],
    ['the second name at rank 1,001', STRONG_COMBO_RANK, STRONG_COMBO_RANK + 1, 'caution'],
  ] as const)('two joined names (synthetic ranks), %s: %s', (_what, rank, partnerRank, level) => {
    const c = {
      ...candidate('alpha', rank, 'combo-names'),
      partner: { name: 'beta', rank: partnerRank, url: 'https://pypi.org/project/beta/' },
    };
    expect(levelOf('alpha-beta', YOUNG, { listed: false, rank: null, candidates: [c] })).toBe(level);
  });

  it.each([
    ['a slip of the #100 name', STRONG_SLIP_RANK, 'edit', 'danger'],
    ['a slip of the #101 name', STRONG_SLIP_RANK + 1, 'edit', 'caution'],
    ['a look-alike of the #100 name', STRONG_SLIP_RANK, 'look-alike', 'danger'],
    ['a filler word on the #1 name', 1, 'combo-filler', 'caution'],
  ] as const)('young, %s (synthetic rank): %s', (_what, rank, kind, level) => {
    expect(levelOf('alpha0', YOUNG, { listed: false, rank: null, candidates: [candidate('alpha', rank, kind)] })).toBe(level);
  });
});

describe('a weak candidate needs a second signal that the project is new', () => {
  // stripe-client (ossf MAL record, test/fixtures/eval/malicious-names.json): stripe (#743) plus one word.
  it('stripe-client, uploaded 5 days ago with 1 release: a caution that says the name alone says little', () => {
    expect(checkTyposquat('stripe-client', index).candidates).toEqual([]);
    const [f] = judge('stripe-client', YOUNG);
    expect(f?.level).toBe('caution');
    expect(f?.title).toMatch(/^Did you mean `stripe`\? A new project named close to it \(at least [\d,]+× more downloads\)$/);
    expect(f?.detail).toContain('stripe-client adds the word "client" to stripe, the #743 most downloaded package');
    expect(f?.detail).toContain('Many real projects are named this close to a popular one, so the name alone says little; but it is new');
  });

  it.each([
    ['established', ESTABLISHED, null],
    ['3 releases, 3 years old', { ...ESTABLISHED, releases: FEW_RELEASES }, 'caution'],
    ['4 releases, 3 years old', { ...ESTABLISHED, releases: FEW_RELEASES + 1 }, null],
    ['no repository only (not a sign of a new project)', { ...ESTABLISHED, repository: 'none' }, null],
    ['install code that opens connections', { ...ESTABLISHED, code: [codeFinding('caution')] }, 'caution'],
    ['first upload 89 days ago', { ...ESTABLISHED, ageDays: YOUNG_NAME_DAYS - 1 }, 'caution'],
    ['no release history', 'no-history', null],
  ] as const)('bip-utjls (a slip of bip-utils, #8,391), %s: %s', (_what, history, level) => {
    expect(levelOf('bip-utjls', history as History | 'no-history')).toBe(level);
  });

  it('is never a danger, even for a top-100 name', () => {
    const weak = { listed: false, rank: null, candidates: [], weak: [candidate('alpha', 1, 'combo-word')] };
    expect(levelOf('alpha-wiki', YOUNG, weak)).toBe('caution');
  });

  it('a candidate on the name alone is weighed as before, its weak ones left out', () => {
    const facts = { listed: false, rank: null, candidates: [candidate('alpha', 300, 'edit')], weak: [candidate('beta', 1, 'combo-word')] };
    const [f] = judge('alphax', ESTABLISHED, facts);
    expect(f?.title).toBe('Name resembles `alpha`; most likely its own project');
    expect(f?.evidence.map((e) => e.url)).not.toContain('https://pypi.org/project/beta/');
  });
});

describe('thresholds', () => {
  it("declares the name check's limits with the values the check uses", () => {
    const declared = Object.fromEntries(typosquat.thresholds.map((t) => [t.name, t.value]));
    expect(declared).toMatchObject({
      YOUNG_NAME_DAYS: 90,
      FEW_RELEASES: 3,
      STRONG_COMBO_RANK: 1_000,
      STRONG_SLIP_RANK: 100,
      EDITS_FROM_5_LETTERS: analysis.maxDistanceFor(5),
      EDITS_FROM_9_LETTERS: analysis.maxDistanceFor(9),
      SHORT_NAME_LETTERS: analysis.SHORT_NAME_LETTERS,
      NEIGHBOUR_RANK: analysis.NEIGHBOUR_RANK,
      COMBO_TARGET_RANK: combos.COMBO_TARGET_RANK,
      COMBO_PAIR_RANK: combos.COMBO_PAIR_RANK,
      NAMESPACE_MIN_NAMES: combos.NAMESPACE_MIN_NAMES,
      WEAK_COMBO_RANK: combos.WEAK_COMBO_RANK,
      WEAK_TWO_EDIT_LETTERS: analysis.WEAK_TWO_EDIT_LETTERS,
    });
  });
});

function candidate(name: string, rank: number, kind: TyposquatCandidate['kind']): TyposquatCandidate {
  return {
    name,
    rank,
    kind,
    downloads: 1_000_000,
    distance: kind === 'edit' ? 1 : 0,
    timesMoreAtLeast: 17,
    url: `https://pypi.org/project/${name}/`,
  };
}
