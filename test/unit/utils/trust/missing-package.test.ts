// A name PyPI does not have, when it resembles a popular one: the verdict says which and how, since
// anyone could register the name (the popup's lookup and pypi.org's 404 page show it).
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat } from '../../../../utils/analysis/typosquat';
import { normaliseTopPackages } from '../../../../utils/sources/top-packages';
import { judgeMissingPackage } from '../../../../utils/trust/missing-package';
import { readRecorded } from '../../../support/fixtures';

const index = buildTyposquatIndex(normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!);

describe('judgeMissingPackage with a resemblance', () => {
  it('names the popular name and the kind when OSV knows no record', () => {
    const didYouMean = checkTyposquat('requests-pandas', index).candidates[0]!;
    expect(judgeMissingPackage('requests-pandas', [], { state: 'ok' }, didYouMean)).toEqual({
      level: 'caution',
      headline:
        'Caution: requests-pandas is not on PyPI and OSV knows no malicious package of that name. Its name joins pandas to requests ' +
        '(#7 most downloaded). You most likely meant requests: anyone could register requests-pandas and make it a squat.',
    });
  });

  it('adds how it imitated the popular name to a malicious record', () => {
    const didYouMean = checkTyposquat('0requests', index).candidates[0]!;
    const verdict = judgeMissingPackage('0requests', [{ id: 'MAL-2026-15859', summary: null }], { state: 'ok' }, didYouMean);
    expect(verdict.level).toBe('danger');
    expect(verdict.headline).toMatch(
      /it was a known malicious package \(MAL-2026-15859\)\. .* Its name is one letter \(added, dropped or changed\) away from requests \(#7 most downloaded\)\.$/,
    );
  });

  it('a weak resemblance (boto3 plus a word): "if you meant", never "most likely"', () => {
    const facts = checkTyposquat('boto3-wiki', index);
    expect(facts.candidates).toEqual([]);
    const verdict = judgeMissingPackage('boto3-wiki', [], { state: 'ok' }, facts.weak![0]!, true);
    expect(verdict.level).toBe('caution');
    expect(verdict.headline).toMatch(/\. If you meant boto3, use that name: anyone could register boto3-wiki and make it a squat\.$/);
    expect(verdict.headline).not.toContain('most likely');
  });

  it('keeps the plain spelling advice when nothing resembles the name', () => {
    expect(judgeMissingPackage('luigi-x', [], { state: 'ok' }, null).headline).toBe(
      'Caution: luigi-x is not on PyPI and OSV knows no malicious package of that name. Check the spelling: anyone could register a missing name.',
    );
  });
});
