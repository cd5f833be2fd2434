// The evaluation's corpora: the labelled malicious names (test/fixtures/eval/) and the legitimate names
// (the recorded top list's ranks 10,001–15,000, read in place from ../shared/fixtures, never copied).
import { readFileSync } from 'node:fs';
import type { TopPackages } from '../../utils/contract/report';
import { normaliseTopPackages } from '../../utils/sources/top-packages';
import { projectFixturePath, readRecorded } from '../../test/support/fixtures';

export type NameKind = 'typo' | 'affix' | 'combo' | 'other';
export const NAME_KINDS: readonly NameKind[] = ['typo', 'affix', 'combo', 'other'];

/** One recorded malicious name: the popular name it imitates (null for "other") and how. */
export type MaliciousName = { name: string; target: string | null; kind: NameKind; source: string };

export function readMaliciousNames(): MaliciousName[] {
  const body = JSON.parse(readFileSync(projectFixturePath('eval/malicious-names.json'), 'utf8')) as { entries?: unknown };
  if (!Array.isArray(body.entries)) throw new Error('test/fixtures/eval/malicious-names.json: no "entries" list');
  return body.entries.map((raw, i) => {
    const e = raw as Partial<MaliciousName>;
    const where = `test/fixtures/eval/malicious-names.json entry ${i}`;
    if (typeof e.name !== 'string' || !NAME_KINDS.includes(e.kind as NameKind)) throw new Error(`${where}: needs a name and a kind`);
    if (typeof e.source !== 'string' || e.source.length === 0) throw new Error(`${where} (${e.name}): cites no source`);
    if ((e.kind === 'other') !== (e.target === null)) throw new Error(`${where} (${e.name}): only "other" has no target`);
    return { name: e.name, target: e.target ?? null, kind: e.kind as NameKind, source: e.source };
  });
}

/** The recorded top list (15,000 names, 2026-04-01). */
export function readTopList(): TopPackages {
  const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'));
  if (!top) throw new Error('The recorded top-pypi-packages list did not parse');
  return top;
}

/** The first `count` names of the list, as the check would load a shorter list. */
export function firstOf(top: TopPackages, count: number): TopPackages {
  return { ...top, names: top.names.slice(0, count), downloads: top.downloads.slice(0, count) };
}

/** Ranks 10,001–15,000: real, popular projects that the top 10,000 does not list. */
export const LEGITIMATE_FROM_RANK = 10_001;
export const REFERENCE_SIZE = 10_000;
