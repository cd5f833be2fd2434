// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionRepository } from '../../../../components/panel/SectionRepository';
import type { RepositoryFacts } from '../../../../utils/contract/report';
import { BIDI_CONTROLS, RLO } from '../../../support/synthetic-hostile';
import { NOW, RETRY_AT, failed, localClock, ok, rateLimited, syntheticGithubRepo, syntheticRepositoryFacts } from '../synthetic-facts';

afterEach(cleanup);

function renderFacts(facts: RepositoryFacts) {
  return render(<SectionRepository section={ok(facts)} nowMs={NOW} />).container;
}

function fact(container: Element, name: string): Element {
  const el = container.querySelector(`[data-fact="${name}"]`);
  if (!el) throw new Error(`no data-fact="${name}"`);
  return el;
}

describe('<SectionRepository> with GitHub answering', () => {
  it('links owner/name and shows GitHub statistics', () => {
    const container = renderFacts(syntheticRepositoryFacts());
    const link = screen.getByRole('link', { name: 'spotify/luigi' });
    expect(link.getAttribute('href')).toBe('https://github.com/spotify/luigi');
    expect(fact(container, 'repository-stats').getAttribute('data-source')).toBe('github');
    expect(fact(container, 'stars').textContent).toBe('18.2k');
    expect(fact(container, 'forks').textContent).toBe('2.4k');
    expect(fact(container, 'open-issues').textContent).toBe('123');
  });

  it('gives the last push as a relative date with the exact moment on hover', () => {
    const container = renderFacts(syntheticRepositoryFacts());
    const push = fact(container, 'last-push');
    expect(push.tagName).toBe('TIME');
    expect(push.getAttribute('datetime')).toBe('2024-12-01T10:00:00Z');
    expect(push.textContent).toBe('3 months ago');
    expect(push.getAttribute('title')).toBe('Dec 1, 2024, 10:00 UTC');
  });

  it('labels a verified repository and lists the evidence', () => {
    const container = renderFacts(syntheticRepositoryFacts());
    const verification = fact(container, 'verification');
    expect(verification.getAttribute('data-status')).toBe('verified');
    expect(verification.textContent).toContain('Verified');
    expect(verification.textContent).toContain('Independent evidence');
    expect(verification.querySelector('a')!.getAttribute('href')).toBe('https://deps.dev/pypi/luigi');
  });

  it('labels a claimed repository and says what that means', () => {
    const container = renderFacts(syntheticRepositoryFacts({ verification: { status: 'claimed', evidence: [] } }));
    const verification = fact(container, 'verification');
    expect(verification.getAttribute('data-status')).toBe('claimed');
    expect(verification.textContent).toContain('Claimed');
    expect(verification.textContent).toContain('anyone can link any repository');
  });

  it('says what the page’s own “verified” mark is while attestations are checked: a hint, not a verification (issue 16 §1)', () => {
    const hint = { kind: 'page' as const, detail: 'the sidebar marks it verified (a hint)', url: 'https://github.com/spotify/luigi' };
    const container = renderFacts(
      syntheticRepositoryFacts({ verification: { status: 'claimed', evidence: [hint], pending: 'attestations' } }),
    );
    const verification = fact(container, 'verification');
    expect(verification.getAttribute('data-status')).toBe('checking');
    expect(verification.getAttribute('data-page-hint')).toBe('verified');
    expect(verification.textContent).toContain('pypi.org marks this link as verified; checking its attestations…');
    expect(verification.textContent).not.toContain('Verified');
    expect(verification.querySelector('.tp-evidence')).toBeNull();
  });

  it('a page’s “verified” mark that no evidence confirms stays a claim in the final report', () => {
    const hint = { kind: 'page' as const, detail: 'the sidebar marks it verified (a hint)', url: 'https://github.com/spotify/luigi' };
    const container = renderFacts(syntheticRepositoryFacts({ verification: { status: 'claimed', evidence: [hint] } }));
    const verification = fact(container, 'verification');
    expect(verification.getAttribute('data-status')).toBe('claimed');
    expect(verification.textContent).toContain('Claimed');
    expect(verification.textContent).toContain('no verified attestation or deps.dev record confirms it');
    expect(verification.textContent).not.toContain('Verified');
  });

  it('shows a sub-folder and moved or forked names with bidi controls made visible (issue 16 §4)', () => {
    const base = syntheticRepositoryFacts();
    const link = { ...base.link!, subPath: `libs/${RLO}eroc` };
    const repo = syntheticGithubRepo({ isFork: true, parentFullName: `up${RLO}stream/luigi`, renamedFrom: `old${RLO}owner/luigi` });
    const container = renderFacts({ ...base, link, candidates: [link], github: ok(repo) });
    expect(fact(container, 'repository-link').textContent).toContain('(in libs/\uFFFDeroc)');
    expect(container.querySelector('[data-flag="fork"]')!.textContent).toContain('up\uFFFDstream/luigi');
    expect(container.querySelector('[data-flag="renamed"]')!.textContent).toContain('old\uFFFDowner/luigi');
    expect(container.textContent).not.toMatch(BIDI_CONTROLS);
  });

  it('flags archived, disabled, forked and moved repositories', () => {
    const repo = syntheticGithubRepo({
      archived: true,
      disabled: true,
      isFork: true,
      parentFullName: 'upstream/luigi',
      renamedFrom: 'oldowner/luigi',
    });
    const container = renderFacts(syntheticRepositoryFacts({ github: ok(repo) }));
    const flags = [...container.querySelectorAll('[data-flag]')].map((el) => el.getAttribute('data-flag'));
    expect(flags).toEqual(['archived', 'disabled', 'fork', 'renamed']);
    expect(screen.getByRole('link', { name: 'upstream/luigi' }).getAttribute('href')).toBe('https://github.com/upstream/luigi');
  });

  it('shows the Scorecard score with the three weakest scored checks', () => {
    const container = renderFacts(syntheticRepositoryFacts());
    expect(fact(container, 'scorecard-score').textContent).toBe('5.8');
    const checks = [...fact(container, 'scorecard').querySelectorAll('[data-check]')].map((el) => el.getAttribute('data-check'));
    // Signed-Releases scored -1 (not applicable) and is left out.
    expect(checks).toEqual(['Fuzzing', 'SAST', 'Pinned-Dependencies']);
  });
});

describe('<SectionRepository> when GitHub does not answer', () => {
  it('explains the rate limit inside the section and falls back to deps.dev', () => {
    const container = renderFacts(syntheticRepositoryFacts({ github: failed(rateLimited) }));
    const section = container.querySelector('[data-section="repository"]')!;
    expect(section.getAttribute('data-state')).toBe('ok');
    expect(fact(container, 'github-error').textContent).toContain(
      `GitHub rate limit reached, resets at ${localClock(RETRY_AT)} — add a token in settings`,
    );
    const stats = fact(container, 'repository-stats');
    expect(stats.getAttribute('data-source')).toBe('deps.dev');
    expect(stats.textContent).toContain('deps.dev');
    expect(fact(container, 'stars').textContent).toBe('18k');
    // The rest still renders.
    expect(fact(container, 'verification')).toBeTruthy();
    expect(fact(container, 'scorecard')).toBeTruthy();
  });

  it('says GitHub lookups are off when disabled', () => {
    const container = renderFacts(syntheticRepositoryFacts({ github: { state: 'disabled' }, depsDevProject: null }));
    expect(fact(container, 'github-error').textContent).toContain('turned off in settings');
    expect(container.querySelector('[data-fact="stars"]')).toBeNull();
  });
});

describe('<SectionRepository> without a GitHub repository', () => {
  it('names a non-GitHub host and does not pretend to have statistics', () => {
    const link = {
      host: 'gitlab' as const,
      url: 'https://gitlab.com/group/project',
      owner: 'group',
      name: 'project',
      subPath: null,
      label: 'Source',
    };
    const container = renderFacts(
      syntheticRepositoryFacts({
        link,
        candidates: [link],
        github: null,
        depsDevProject: null,
        verification: { status: 'claimed', evidence: [] },
      }),
    );
    expect(fact(container, 'repository-stats').textContent).toBe('Repository on GitLab — statistics not checked.');
    expect(screen.getByRole('link', { name: 'group/project' }).getAttribute('href')).toBe('https://gitlab.com/group/project');
  });

  it('names an unknown host by its hostname', () => {
    const link = { host: 'other' as const, url: 'https://git.example.org/x/y', owner: null, name: null, subPath: null, label: 'Code' };
    const container = renderFacts(syntheticRepositoryFacts({ link, github: null, depsDevProject: null }));
    expect(fact(container, 'repository-stats').textContent).toBe('Repository on git.example.org — statistics not checked.');
  });

  it('says when no repository is linked at all', () => {
    const container = renderFacts(
      syntheticRepositoryFacts({
        link: null,
        candidates: [],
        github: null,
        depsDevProject: null,
        verification: { status: 'claimed', evidence: [] },
      }),
    );
    expect(fact(container, 'repository-link').textContent).toBe('No source repository linked.');
    expect(container.querySelector('a')).toBeNull();
  });
});
