// @vitest-environment happy-dom
// Every section renders all four states, never blank: ok, error (rate limit with reset time), disabled, loading.
import { cleanup, fireEvent, render } from '@testing-library/preact';
import type { ComponentChild } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SectionAdvisories } from '../../../../components/panel/SectionAdvisories';
import { SectionProvenance } from '../../../../components/panel/SectionProvenance';
import { SectionReleases } from '../../../../components/panel/SectionReleases';
import { SectionRepository } from '../../../../components/panel/SectionRepository';
import type { Section, SourceError } from '../../../../utils/contract/report';
import {
  NOW,
  RETRY_AT,
  failed,
  localClock,
  luigiReleases,
  ok,
  rateLimited,
  syntheticAdvisory,
  syntheticAdvisoryFacts,
  syntheticProvenanceFacts,
  syntheticRepositoryFacts,
} from '../synthetic-facts';

afterEach(cleanup);

type Case = {
  id: string;
  title: string;
  make: (section: Section<never> | null, onRetry?: () => void, open?: boolean) => ComponentChild;
  okSection: Section<never>;
};

const cases: Case[] = [
  {
    id: 'repository',
    title: 'Repository',
    make: (section, onRetry, open) => <SectionRepository open={open} section={section} nowMs={NOW} onRetry={onRetry} />,
    okSection: ok(syntheticRepositoryFacts()) as Section<never>,
  },
  {
    id: 'releases',
    title: 'Releases',
    make: (section, onRetry, open) => <SectionReleases open={open} section={section} onRetry={onRetry} />,
    okSection: ok(luigiReleases()) as Section<never>,
  },
  {
    id: 'advisories',
    title: 'Advisories',
    make: (section, onRetry, open) => <SectionAdvisories open={open} section={section} onRetry={onRetry} />,
    okSection: ok(syntheticAdvisoryFacts([syntheticAdvisory()])) as Section<never>,
  },
  {
    id: 'provenance',
    title: 'Provenance',
    make: (section, onRetry, open) => <SectionProvenance open={open} section={section} onRetry={onRetry} />,
    okSection: ok(syntheticProvenanceFacts()) as Section<never>,
  },
];

function frame(container: Element, id: string): HTMLElement {
  const el = container.querySelector<HTMLElement>(`[data-section="${id}"]`);
  if (!el) throw new Error(`no section ${id}`);
  return el;
}

describe.each(cases)('$title section', ({ id, title, make, okSection }) => {
  it('ok: renders its facts in an open, collapsible frame (when it is the section that opens by itself)', () => {
    const { container } = render(make(okSection, undefined, true));
    const el = frame(container, id);
    expect(el.tagName).toBe('DETAILS');
    expect(el.hasAttribute('open')).toBe(true);
    expect(el.getAttribute('data-state')).toBe('ok');
    expect(el.querySelector('summary')!.textContent).toBe(title);
    expect(el.textContent!.length).toBeGreaterThan(title.length + 20);
  });

  it('ok: closed unless told to open, its facts still in the frame', () => {
    const { container } = render(make(okSection));
    const el = frame(container, id);
    expect(el.hasAttribute('open')).toBe(false);
    expect(el.textContent!.length).toBeGreaterThan(title.length + 20);
  });

  it('error: names the rate limit and when it resets, with a retry', () => {
    const onRetry = vi.fn();
    const { container } = render(make(failed(rateLimited), onRetry));
    const el = frame(container, id);
    expect(el.getAttribute('data-state')).toBe('error');
    expect(el.textContent).toContain('API rate limit exceeded');
    expect(el.textContent).toContain(`resets at ${localClock(RETRY_AT)}`);
    fireEvent.click(el.querySelector('button.tp-button')!);
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it.each<[SourceError, RegExp]>([
    [{ kind: 'upstream', message: 'HTTP 503 from upstream' }, /HTTP 503 from upstream.*try again in a few minutes/],
    [{ kind: 'not-found', message: 'No such project' }, /Not found.*No such project/],
    [{ kind: 'timeout', message: 'No answer within 10 s' }, /Timed out/],
  ])('error: explains %o', (error, text) => {
    const { container } = render(make(failed(error)));
    expect(frame(container, id).textContent).toMatch(text);
  });

  it('disabled: says it was turned off', () => {
    const { container } = render(make({ state: 'disabled' }));
    const el = frame(container, id);
    expect(el.getAttribute('data-state')).toBe('disabled');
    expect(el.textContent).toContain('Turned off in settings');
  });

  it('loading: says it is checking', () => {
    const { container } = render(make(null));
    const el = frame(container, id);
    expect(el.getAttribute('data-state')).toBe('loading');
    expect(el.getAttribute('aria-busy')).toBe('true');
    expect(el.textContent).toContain('Checking…');
  });
});
