// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionAdvisories } from '../../../../components/panel/SectionAdvisories';
import type { Advisory } from '../../../../utils/contract/report';
import { ok, syntheticAdvisory, syntheticAdvisoryFacts } from '../synthetic-facts';

afterEach(cleanup);

function renderAdvisories(advisories: Advisory[], viewed = '3.5.0', latest = '3.6.0') {
  return render(<SectionAdvisories section={ok(syntheticAdvisoryFacts(advisories, viewed, latest))} />).container;
}

function count(container: Element, which: 'viewed' | 'latest'): string {
  return container.querySelector(`[data-fact="advisory-count-${which}"]`)!.textContent!;
}

function idsIn(container: Element, group: string): string[] {
  return [...container.querySelectorAll(`[data-group="${group}"] [data-advisory-id]`)].map((el) => el.getAttribute('data-advisory-id')!);
}

const fixedInLatest = syntheticAdvisory({ id: 'GHSA-fixd-inla-test', fixedIn: ['3.6.0'] });
const stillOpen = syntheticAdvisory({
  id: 'PYSEC-2025-1',
  aliases: [],
  severity: { band: 'medium', score: 5.3, vector: null, source: 'cvss-v3' },
  fixedIn: [],
  affectsLatest: true,
});
const latestOnly = syntheticAdvisory({ id: 'GHSA-late-only-xxxx', affectsViewed: false, affectsLatest: true, fixedIn: ['3.6.1', '4.0.0'] });

describe('<SectionAdvisories>', () => {
  it('lists advisories of the viewed version with id link, aliases, severity and fix', () => {
    const container = renderAdvisories([fixedInLatest]);
    expect(count(container, 'viewed')).toBe('1');
    expect(count(container, 'latest')).toBe('0');
    const item = container.querySelector('[data-advisory-id="GHSA-fixd-inla-test"]')!;
    expect(item.querySelector('a')!.getAttribute('href')).toBe('https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc');
    expect(item.textContent).toContain('CVE-2024-0001');
    expect(item.textContent).toContain('High 8.1');
    expect(item.textContent).toContain('Synthetic path traversal in the scheduler');
    expect(item.textContent).toContain('Fixed in ≥ 3.6.0');
    expect(container.querySelector('[data-group="latest"]')!.textContent).toContain('Latest is not affected');
  });

  it('keeps each advisory to one line (ID, severity chip, fixed in); summary and aliases behind a closed toggle', () => {
    const container = renderAdvisories([fixedInLatest]);
    const item = container.querySelector('[data-advisory-id="GHSA-fixd-inla-test"]')!;
    const head = item.querySelector('.tp-advisory__head')!;
    expect(head.querySelector('a')!.textContent).toBe('GHSA-fixd-inla-test');
    expect(head.textContent).toContain('High 8.1');
    expect(head.querySelector('[data-fact="advisory-fixed"]')!.textContent).toBe('Fixed in ≥ 3.6.0');
    expect(head.textContent).not.toContain('Synthetic path traversal');
    const more = item.querySelector('details.tp-advisory__more')!;
    expect(more.hasAttribute('open')).toBe(false);
    expect(more.querySelector('summary')!.textContent).toBe('summary and aliases');
    expect(more.textContent).toContain('Synthetic path traversal in the scheduler');
    expect(more.querySelector('[data-fact="advisory-aliases"]')!.textContent).toContain('CVE-2024-0001');
  });

  it('does not list an advisory twice when it affects both versions', () => {
    const container = renderAdvisories([fixedInLatest, stillOpen, latestOnly]);
    expect(count(container, 'viewed')).toBe('2');
    expect(count(container, 'latest')).toBe('2');
    expect(idsIn(container, 'viewed')).toEqual(['GHSA-fixd-inla-test', 'PYSEC-2025-1']);
    expect(idsIn(container, 'latest')).toEqual(['GHSA-late-only-xxxx']);
    expect(container.querySelector('[data-fact="also-in-latest"]')!.textContent).toContain('PYSEC-2025-1');
    expect(container.querySelectorAll('[data-advisory-id="PYSEC-2025-1"]')).toHaveLength(1);
    expect(container.querySelector('[data-advisory-id="PYSEC-2025-1"]')!.textContent).toContain('No fixed version yet');
    expect(container.querySelector('[data-advisory-id="GHSA-late-only-xxxx"]')!.textContent).toContain('Fixed in 3.6.1, 4.0.0');
  });

  it('says the viewed version is the latest instead of repeating the list', () => {
    const both = syntheticAdvisory({ affectsLatest: true });
    const container = renderAdvisories([both], '3.6.0', '3.6.0');
    expect(count(container, 'viewed')).toBe('1');
    expect(count(container, 'latest')).toBe('1');
    expect(container.querySelectorAll('[data-advisory-id]')).toHaveLength(1);
    expect(container.querySelector('[data-group="latest"]')!.textContent).toContain('The viewed version is the latest release');
  });

  it('puts known malicious packages first, in a danger style', () => {
    const malicious = syntheticAdvisory({
      id: 'MAL-2025-42',
      aliases: [],
      malicious: true,
      severity: { band: 'unknown', score: null, vector: null, source: 'none' },
      fixedIn: [],
      affectsLatest: true,
      url: 'https://osv.dev/vulnerability/MAL-2025-42',
    });
    const container = renderAdvisories([fixedInLatest, malicious]);
    expect(idsIn(container, 'viewed')).toEqual(['MAL-2025-42', 'GHSA-fixd-inla-test']);
    const item = container.querySelector('[data-advisory-id="MAL-2025-42"]')!;
    expect(item.classList.contains('tp-advisory--malicious')).toBe(true);
    expect(item.textContent).toContain('Known malicious package');
    expect(item.querySelector('.tp-level--danger')).not.toBeNull();
  });

  it('folds withdrawn advisories away and does not count them', () => {
    const withdrawn = syntheticAdvisory({ id: 'GHSA-with-draw-nnnn', withdrawn: '2024-07-01T00:00:00Z', affectsLatest: true });
    const container = renderAdvisories([withdrawn, fixedInLatest]);
    expect(count(container, 'viewed')).toBe('1');
    expect(count(container, 'latest')).toBe('0');
    const details = container.querySelector('[data-fact="advisories-withdrawn"]')!;
    expect(details.tagName).toBe('DETAILS');
    expect(details.hasAttribute('open')).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('1 withdrawn advisory (not counted)');
    expect(details.querySelector('[data-advisory-id="GHSA-with-draw-nnnn"]')).not.toBeNull();
  });

  it('says none are known when the list is empty', () => {
    const container = renderAdvisories([]);
    expect(count(container, 'viewed')).toBe('0');
    expect(container.querySelector('[data-group="viewed"]')!.textContent).toContain('None known');
  });
});

describe('<SectionAdvisories> on malicious code (issue 17)', () => {
  // The recorded litellm record's shape (MAL-2026-2144: 1.82.7 and 1.82.8), read as a compromised release.
  const compromised = (over: Partial<Advisory>) =>
    syntheticAdvisory({
      id: 'MAL-2026-2144',
      aliases: ['PYSEC-2026-2'],
      summary: 'Malicious code in litellm (PyPI)',
      severity: { band: 'unknown', score: null, vector: null, source: 'none' },
      fixedIn: [],
      malicious: true,
      affectedVersions: ['1.82.7', '1.82.8'],
      malwareScope: { kind: 'compromised-release', versions: ['1.82.7', '1.82.8'], since: '2026-03-24T11:15:14.000Z' },
      ...over,
    });

  it('viewed at a named version: "Compromised release" at danger, and the remedy names the versions', () => {
    const container = renderAdvisories([compromised({ affectsViewed: true })], '1.82.8', '1.83.0');
    const tag = container.querySelector('[data-advisory-id="MAL-2026-2144"] [data-malware-scope]')!;
    expect(tag.getAttribute('data-malware-scope')).toBe('compromised-release');
    expect(tag.textContent!.trim()).toBe('Compromised release');
    expect(tag.querySelector('.tp-level--danger')).not.toBeNull();
    expect(container.querySelector('[data-advisory-id="MAL-2026-2144"]')!.textContent).toContain(
      'Only 1.82.7, 1.82.8 were compromised: remove them and rotate every secret of the machine that installed them.',
    );
  });

  it('viewed at a later release: listed under other releases at caution, not counted against the viewed version', () => {
    const container = renderAdvisories([compromised({ affectsViewed: false, affectsLatest: false })], '1.83.0', '1.83.0');
    expect(count(container, 'viewed')).toBe('0');
    expect(idsIn(container, 'other-releases')).toEqual(['MAL-2026-2144']);
    expect(container.querySelector('[data-group="other-releases"] .tp-level--caution')).not.toBeNull();
    expect(container.querySelector('[data-fact="advisory-count-other"]')).toBeNull();
  });

  it('a package made to attack keeps "Known malicious package" and "No safe version"', () => {
    const container = renderAdvisories([
      compromised({ id: 'MAL-2026-15859', malwareScope: { kind: 'malicious-project' }, affectsViewed: true }),
    ]);
    const item = container.querySelector('[data-advisory-id="MAL-2026-15859"]')!;
    expect(item.querySelector('[data-malware-scope]')!.textContent!.trim()).toBe('Known malicious package');
    expect(item.textContent).toContain('No safe version: remove this package.');
  });

  it('says "Severity not read" for a record that could not be read, and when other releases were not checked', () => {
    const unread = syntheticAdvisory({ severity: { band: 'unknown', score: null, vector: null, source: 'unread' } });
    const facts = {
      ...syntheticAdvisoryFacts([unread], '3.5.0', '3.6.0'),
      otherVersions: { state: 'error' as const, message: 'OSV timed out' },
    };
    const { container } = render(<SectionAdvisories section={ok(facts)} />);
    expect(container.querySelector('[data-advisory-id="GHSA-aaaa-bbbb-cccc"]')!.textContent).toContain('Severity not read');
    expect(container.querySelector('[data-fact="other-versions-unchecked"]')!.textContent).toBe(
      'Malicious-code reports for other releases could not be checked (OSV timed out).',
    );
  });
});

describe("<SectionAdvisories> from PyPI's feed alone (OSV did not answer)", () => {
  const osvDown = (advisories: Advisory[]) => ({
    ...syntheticAdvisoryFacts(advisories, '3.5.0', '3.6.0'),
    osv: { state: 'error' as const, kind: 'upstream' as const, message: 'api.osv.dev answered 503' },
  });

  it("says OSV was not asked, and an empty list is 'none in PyPI's feed', never 'none known'", () => {
    const container = render(<SectionAdvisories section={ok(osvDown([]))} />).container;
    expect(container.querySelector('[data-fact="osv-unchecked"]')!.textContent).toContain(
      'OSV could not be asked (api.osv.dev answered 503)',
    );
    expect(container.querySelector('[data-group="viewed"]')!.textContent).toContain("None in PyPI's feed");
    expect(container.textContent).not.toContain('None known');
  });

  it('still lists what the feed names', () => {
    const container = render(<SectionAdvisories section={ok(osvDown([fixedInLatest]))} />).container;
    expect(idsIn(container, 'viewed')).toEqual(['GHSA-fixd-inla-test']);
    expect(container.querySelector('[data-fact="osv-unchecked"]')).not.toBeNull();
  });

  it('with OSV answering there is no such note', () => {
    expect(renderAdvisories([fixedInLatest]).querySelector('[data-fact="osv-unchecked"]')).toBeNull();
  });
});
