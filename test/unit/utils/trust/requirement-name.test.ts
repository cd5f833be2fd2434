// The name check of a requirements line: the typosquat rule's weighing on what the check knows — the
// name (checked against the recorded top list) and, for an unpinned line, PyPI's first upload and releases.
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat } from '../../../../utils/analysis/typosquat';
import { normaliseTopPackages } from '../../../../utils/sources/top-packages';
import type { RequirementJudgement } from '../../../../utils/trust/requirement';
import { withNameCheck } from '../../../../utils/trust/requirement-name';
import { readRecorded } from '../../../support/fixtures';

const index = buildTyposquatIndex(normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!);
const NOW = '2026-04-15T00:00:00.000Z';
const clean: RequirementJudgement = { verdict: { level: 'info', headline: 'No known advisories for 1.0' }, upgradeTo: null, notes: [] };
const facts = (name: string, history: { firstUploadAt: string; releases: number } | null, onPypi: boolean | null = true) => ({
  name,
  candidates: checkTyposquat(name, index).candidates,
  weak: checkTyposquat(name, index).weak,
  history,
  onPypi,
  now: NOW,
});

describe('withNameCheck', () => {
  it('a pinned line (no history): a note, the verdict unchanged', () => {
    expect(withNameCheck(clean, facts('requests-pandas', null, null))).toEqual({
      ...clean,
      notes: ['Name: requests-pandas joins pandas to requests (#7 most downloaded).'],
    });
  });

  it('an unpinned line of an established project: a note only', () => {
    const judged = withNameCheck(clean, facts('requests-pandas', { firstUploadAt: '2021-01-01T00:00:00.000Z', releases: 20 }));
    expect(judged.verdict).toEqual(clean.verdict);
    expect(judged.notes).toEqual(['Name: requests-pandas joins pandas to requests (#7 most downloaded).']);
  });

  it('an unpinned line first uploaded 5 days ago with one release: danger, the advisory headline kept as a note', () => {
    const judged = withNameCheck(clean, facts('requests-pandas', { firstUploadAt: '2026-04-10T00:00:00.000Z', releases: 1 }));
    expect(judged.verdict).toEqual({
      level: 'danger',
      headline:
        'Danger: requests-pandas joins pandas to requests (#7 most downloaded), and it is new (first upload 2026-04-10); it has only 1 release — check that this is the name you meant',
    });
    expect(judged.notes).toEqual(['No known advisories for 1.0']);
  });

  it('an old project with 3 releases: caution', () => {
    const judged = withNameCheck(clean, facts('pygame-install', { firstUploadAt: '2021-01-01T00:00:00.000Z', releases: 3 }));
    expect(judged.verdict.level).toBe('caution');
    expect(judged.verdict.headline).toBe(
      'Caution: pygame-install adds the word "install" to pygame (#2,604 most downloaded), and it has only 3 releases — check that this is the name you meant',
    );
  });

  it('a line not on PyPI: says which name it resembles', () => {
    const notOnPypi: RequirementJudgement = { ...clean, verdict: { level: 'caution', headline: 'Caution: not on PyPI' } };
    expect(withNameCheck(notOnPypi, facts('reqeusts', null, false)).verdict).toEqual({
      level: 'caution',
      headline:
        'Caution: not on PyPI — reqeusts swaps two neighbouring letters of requests (#7 most downloaded); you most likely meant requests (anyone could register this name)',
    });
  });

  it('leaves a danger (a malicious record) and a name that resembles nothing as they are', () => {
    const malicious: RequirementJudgement = { ...clean, verdict: { level: 'danger', headline: 'Danger: known malicious package' } };
    expect(withNameCheck(malicious, facts('0requests', null, null))).toBe(malicious);
    expect(withNameCheck(clean, facts('luigi', { firstUploadAt: NOW, releases: 1 }))).toBe(clean);
  });

  describe('a weak resemblance (boto3-wiki: boto3 plus a word, as real plugins are named)', () => {
    it('is weak on the recorded list, so these tests test the weak path', () => {
      expect(checkTyposquat('boto3-wiki', index).candidates).toEqual([]);
      expect(checkTyposquat('boto3-wiki', index).weak?.[0]?.name).toBe('boto3');
    });

    it('a pinned line (no history) or an established project: nothing, not even a note', () => {
      expect(withNameCheck(clean, facts('boto3-wiki', null, null))).toBe(clean);
      expect(withNameCheck(clean, facts('boto3-wiki', { firstUploadAt: '2021-01-01T00:00:00.000Z', releases: 20 }))).toBe(clean);
    });

    it('a new project: caution, saying that the name alone says little', () => {
      const judged = withNameCheck(clean, facts('boto3-wiki', { firstUploadAt: '2026-04-10T00:00:00.000Z', releases: 1 }));
      expect(judged.verdict.level).toBe('caution');
      expect(judged.verdict.headline).toMatch(
        /^Caution: boto3-wiki .*boto3 \(#\d[\d,]* most downloaded\), and it is new \(first upload 2026-04-10\); it has only 1 release — many real projects are named this close/,
      );
      expect(judged.notes).toEqual(['No known advisories for 1.0']);
    });

    it('an old project with 3 releases: caution (few releases is the second signal)', () => {
      const judged = withNameCheck(clean, facts('boto3-wiki', { firstUploadAt: '2021-01-01T00:00:00.000Z', releases: 3 }));
      expect(judged.verdict.level).toBe('caution');
    });

    it('a line not on PyPI: caution, "if you meant", never "most likely"', () => {
      const notOnPypi: RequirementJudgement = { ...clean, verdict: { level: 'caution', headline: 'Caution: not on PyPI' } };
      const judged = withNameCheck(notOnPypi, facts('boto3-wiki', null, false));
      expect(judged.verdict.level).toBe('caution');
      expect(judged.verdict.headline).toMatch(/^Caution: not on PyPI — boto3-wiki .*; if you meant boto3, use that name/);
    });

    it('a danger stays as it is', () => {
      const malicious: RequirementJudgement = { ...clean, verdict: { level: 'danger', headline: 'Danger: known malicious package' } };
      expect(withNameCheck(malicious, facts('boto3-wiki', { firstUploadAt: NOW, releases: 1 }))).toBe(malicious);
    });
  });
});
