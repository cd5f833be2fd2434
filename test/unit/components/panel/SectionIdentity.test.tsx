// @vitest-environment happy-dom
// The identity section and the removed-package banner, on facts from the recorded top list and the
// recorded MAL-2026-15859 record; hostile URLs never become links.
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RemovedBanner } from '../../../../components/panel/RemovedBanner';
import { SectionIdentity } from '../../../../components/panel/SectionIdentity';
import { buildTyposquatIndex, checkTyposquat } from '../../../../utils/analysis/typosquat';
import type { RemovedCheck } from '../../../../utils/contract/messages';
import type { IdentityFacts, RepositoryFacts, Section } from '../../../../utils/contract/report';
import { normaliseOsvVuln } from '../../../../utils/sources/osv';
import { normaliseTopPackages, TOP_PACKAGES_URL } from '../../../../utils/sources/top-packages';
import { readRecorded } from '../../../support/fixtures';

afterEach(cleanup);

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;
const index = buildTyposquatIndex(top);
const mal = normaliseOsvVuln(readRecorded('api.osv.dev/vulns/MAL-2026-15859.ossf-malicious-packages.json'), '0requests');

function identity(name: string, overrides: Partial<IdentityFacts> = {}): Section<IdentityFacts> {
  return {
    state: 'ok',
    fetchedAt: '2026-04-02T00:00:00.000Z',
    fromCache: false,
    data: {
      topList: { state: 'fresh', lastUpdate: top.lastUpdate, count: 15_000, floorDownloads: index.floor, url: TOP_PACKAGES_URL },
      typosquat: checkTyposquat(name, index),
      ownership: null,
      ...overrides,
    },
  };
}

const fact = (container: Element, name: string) => container.querySelector(`[data-fact="${name}"]`);

describe('<SectionIdentity>', () => {
  it('names the popular package 0requests resembles, with links', () => {
    const { container } = render(<SectionIdentity section={identity('0requests')} repository={null} />);
    expect(fact(container, 'typosquat')?.getAttribute('data-state')).toBe('resembles');
    const links = [...container.querySelectorAll('[data-fact="typosquat"] a')].map((a) => a.getAttribute('href'));
    expect(links[0]).toBe('https://pypi.org/project/requests/');
    expect(links).toContain('https://hugovk.github.io/top-pypi-packages/');
    expect(fact(container, 'typosquat')?.textContent).toContain('#7');
  });

  it('says how the name resembles the popular one: requests-pandas joins two popular names', () => {
    const { container } = render(<SectionIdentity section={identity('requests-pandas')} repository={null} />);
    const typosquat = fact(container, 'typosquat');
    expect(typosquat?.getAttribute('data-kind')).toBe('combo-names');
    expect(typosquat?.textContent).toContain('two popular names joined with pandas');
    const links = [...container.querySelectorAll('[data-fact="typosquat"] a')].map((a) => a.getAttribute('href'));
    expect(links.slice(0, 2)).toEqual(['https://pypi.org/project/requests/', 'https://pypi.org/project/pandas/']);
  });

  it('says stripe-client is named close to stripe only as a weak resemblance, counted for a new project', () => {
    const { container } = render(<SectionIdentity section={identity('stripe-client')} repository={null} />);
    const typosquat = fact(container, 'typosquat');
    expect(typosquat?.getAttribute('data-state')).toBe('weak');
    expect(typosquat?.getAttribute('data-kind')).toBe('combo-word');
    expect(typosquat?.textContent).toContain('Named close to stripe (#743; popular name plus a word), as many real projects are');
    expect(container.querySelector('[data-fact="typosquat"] a')?.getAttribute('href')).toBe('https://pypi.org/project/stripe/');
  });

  it("shows a listed package's rank, and says when the list is missing", () => {
    const listed = render(<SectionIdentity section={identity('requests')} repository={null} />).container;
    expect(fact(listed, 'typosquat')?.textContent).toContain('#7 of the 15,000 most downloaded');
    cleanup();
    const missing = identity('requests', {
      topList: {
        state: 'missing',
        lastUpdate: null,
        count: 0,
        floorDownloads: null,
        url: TOP_PACKAGES_URL,
        error: { kind: 'offline', message: 'Could not reach hugovk.github.io' },
      },
      typosquat: null,
    });
    const container = render(<SectionIdentity section={missing} repository={null} />).container;
    expect(fact(container, 'typosquat')?.getAttribute('data-state')).toBe('not-checked');
    expect(fact(container, 'typosquat')?.textContent).toContain('Could not reach hugovk.github.io');
  });

  it('shows starjacking and other claimants, never linking a non-https URL', () => {
    const repository: Section<RepositoryFacts> = {
      state: 'ok',
      fetchedAt: '',
      fromCache: false,
      data: {
        link: { host: 'github', url: 'https://github.com/o/r', owner: 'o', name: 'r', subPath: null, label: 'Source' },
        candidates: [],
        verification: { status: 'claimed', evidence: [] },
        github: null,
        depsDevProject: null,
        depsDevVersion: null,
        starjacking: {
          state: 'mismatch',
          reason: 'pyproject.toml declares example-poetry-package, not other',
          declaredName: 'example-poetry-package',
          source: 'pyproject.toml',
          fileUrl: 'javascript:alert(1)',
          declaredPackage: null,
        },
        otherClaimants: {
          state: 'ok',
          fetchedAt: '',
          fromCache: false,
          data: {
            projectKey: 'github.com/o/r',
            url: 'https://deps.dev/project/github/o%2Fr',
            packages: [
              { name: 'example-poetry-package', versions: 3, verified: false, url: 'https://pypi.org/project/example-poetry-package/' },
            ],
          },
        },
      },
    };
    const { container } = render(<SectionIdentity section={identity('requests')} repository={repository} />);
    expect(fact(container, 'starjacking')?.getAttribute('data-state')).toBe('mismatch');
    expect(container.querySelector('a[href^="javascript:"]')).toBeNull();
    expect(fact(container, 'other-claimants')?.textContent).toContain('example-poetry-package');
  });

  it('renders nothing for a report built without identity checks', () => {
    const { container } = render(<SectionIdentity section={undefined} repository={null} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('<RemovedBanner>', () => {
  const check = (malicious: RemovedCheck['malicious']): RemovedCheck => ({
    name: '0requests',
    normalizedName: '0requests',
    malicious,
    osv: { state: 'ok' },
    didYouMean: checkTyposquat('0requests', index).candidates[0] ?? null,
  });

  it('says the package was removed and is malicious, with the osv.dev link', () => {
    if (!mal.ok) throw new Error('recorded MAL record did not parse');
    const record = { id: mal.data.id, summary: mal.data.summary, published: mal.data.published, url: mal.data.url };
    const { container } = render(<RemovedBanner check={check([record])} />);
    expect(fact(container, 'removed-headline')?.textContent).toBe(
      'This package was removed from PyPI; OSV records it as malicious (MAL-2026-15859)',
    );
    expect(container.querySelector('a[href="https://osv.dev/vulnerability/MAL-2026-15859"]')).not.toBeNull();
    expect(container.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('renders nothing without a MAL- record', () => {
    expect(render(<RemovedBanner check={check([])} />).container.innerHTML).toBe('');
  });
});
