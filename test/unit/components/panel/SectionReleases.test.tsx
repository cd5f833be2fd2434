// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionReleases } from '../../../../components/panel/SectionReleases';
import type { ReleaseFacts } from '../../../../utils/contract/report';
import { luigiReleases, ok } from '../synthetic-facts';

afterEach(cleanup);

function fact(container: Element, name: string): Element {
  const el = container.querySelector(`[data-fact="${name}"]`);
  if (!el) throw new Error(`no data-fact="${name}"`);
  return el;
}

describe('<SectionReleases> on recorded luigi', () => {
  it('says its standing in one line, above the cadence chart', () => {
    const { container } = render(<SectionReleases section={ok(luigiReleases())} />);
    expect(container.querySelector('dl')).toBeNull();
    const standing = fact(container, 'standing');
    expect(standing.textContent).toMatch(
      /^84 releases, first Oct 21, 2012, last Dec 6, 2024 · viewing 3\.6\.0.*: This is the latest release · latest 3\.6\.0 · 0 yanked/,
    );
    expect(standing.querySelector('[data-fact="release-count"]')).not.toBeNull();
  });

  it('shows the counts, dates and standing of the latest release', () => {
    const { container } = render(<SectionReleases section={ok(luigiReleases())} />);
    expect(container.querySelector('[data-section="releases"]')!.getAttribute('data-state')).toBe('ok');
    expect(fact(container, 'release-count').textContent).toBe('84');
    expect(fact(container, 'first-upload').tagName).toBe('TIME');
    expect(fact(container, 'first-upload').getAttribute('datetime')).toBe('2012-10-21T18:51:38.209Z');
    expect(fact(container, 'first-upload').textContent).toBe('Oct 21, 2012');
    expect(fact(container, 'latest-upload').getAttribute('datetime')).toBe('2024-12-06T00:58:03.138Z');
    expect(fact(container, 'latest-upload').textContent).toBe('Dec 6, 2024');
    expect(fact(container, 'latest-upload').getAttribute('title')).toBe('Dec 6, 2024, 00:58 UTC');
    expect(fact(container, 'viewed-version').textContent).toBe('3.6.0');
    expect(fact(container, 'latest-version').textContent).toBe('3.6.0');
    expect(fact(container, 'releases-behind').textContent).toBe('This is the latest release');
    expect(fact(container, 'yanked-count').textContent).toBe('0');
    expect(container.querySelector('[data-fact="viewed-yanked"]')).toBeNull();
    expect(container.querySelector('[data-testid="cadence-chart"]')).not.toBeNull();
  });

  it('counts the releases newer than an older viewed version', () => {
    const { container } = render(<SectionReleases section={ok(luigiReleases('3.5.0'))} />);
    expect(fact(container, 'viewed-version').textContent).toBe('3.5.0');
    expect(fact(container, 'releases-behind').textContent).toBe('3 releases behind, latest 3.6.0');
    expect(container.querySelector('[data-viewed]')!.getAttribute('data-quarter')).toBe('2024-Q1');
  });
});

describe('<SectionReleases> on synthetic yanks', () => {
  function yankedViewed(reason: string | null): ReleaseFacts {
    const facts = luigiReleases('3.5.0');
    const viewed = { ...facts.viewed!, yanked: true, yankedReason: reason };
    return {
      ...facts,
      viewed,
      releases: facts.releases.map((r) => (r.version === '3.5.0' ? viewed : r)),
      yankedCount: 1,
      releasesBehind: 1,
    };
  }

  it('warns that the viewed release is yanked, with the reason', () => {
    const { container } = render(<SectionReleases section={ok(yankedViewed('Broke the scheduler on Python 3.12'))} />);
    const warning = fact(container, 'viewed-yanked');
    expect(warning.textContent).toContain('Yanked');
    expect(warning.textContent).toContain('Broke the scheduler on Python 3.12');
    expect(fact(container, 'yanked-count').textContent).toBe('1');
    expect(fact(container, 'releases-behind').textContent).toBe('1 release behind, latest 3.6.0');
    expect(container.querySelectorAll('[data-marker="yanked"]')).toHaveLength(1);
  });

  it('says when no reason was given', () => {
    const { container } = render(<SectionReleases section={ok(yankedViewed(null))} />);
    expect(fact(container, 'viewed-yanked').textContent).toContain('no reason given');
  });

  it('says so when PyPI lists no such version', () => {
    const facts = { ...luigiReleases(), viewedVersion: '9.9.9', viewed: null };
    const { container } = render(<SectionReleases section={ok(facts)} />);
    expect(fact(container, 'viewed-missing').textContent).toContain('9.9.9');
  });
});

describe('<SectionReleases> install-cooldown lines', () => {
  it('a release two days old shows the copyable uv and pip lines with their reason', () => {
    const { container } = render(<SectionReleases section={ok(luigiReleases())} nowMs={Date.parse('2024-12-08T12:00:00Z')} />);
    expect(fact(container, 'install-cooldown').getAttribute('data-cutoff')).toBe('2024-12-01T12:00:00Z');
    expect(fact(container, 'cooldown-uv').textContent).toBe('uv pip install --exclude-newer 2024-12-01T12:00:00Z luigi');
    expect(fact(container, 'cooldown-pip').textContent).toBe('pip install --uploaded-prior-to 2024-12-01T12:00:00Z luigi');
    expect(fact(container, 'cooldown-reason').textContent).toMatch(/^3\.6\.0 is under 7 days old/);
    expect([...container.querySelectorAll('.tp-cooldown button')].map((b) => b.getAttribute('aria-label'))).toEqual([
      'Copy the uv line',
      'Copy the pip (26 or later) line',
    ]);
  });

  it('a release 7 days old or more shows none', () => {
    const { container } = render(<SectionReleases section={ok(luigiReleases())} nowMs={Date.parse('2024-12-13T00:58:04Z')} />);
    expect(container.querySelector('[data-fact="install-cooldown"]')).toBeNull();
  });
});
