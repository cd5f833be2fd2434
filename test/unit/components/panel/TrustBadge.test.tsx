// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrustBadge } from '../../../../components/panel/TrustBadge';
import type { VerdictLevel } from '../../../../utils/contract/report';

afterEach(cleanup);

describe('<TrustBadge>', () => {
  it.each<[VerdictLevel, string, string]>([
    ['good', 'check', 'Trusted'],
    ['info', 'info', 'Checked'],
    ['caution', 'warning', 'Caution'],
    ['danger', 'cross', 'Danger'],
    ['unknown', 'question', 'Unknown'],
  ])('%s → %s %s', (level, icon, word) => {
    render(<TrustBadge verdict={{ level, headline: `Headline for ${level}` }} />);
    const badge = screen.getByTestId('trust-badge');
    expect(badge.tagName).toBe('BUTTON');
    expect(badge.getAttribute('data-level')).toBe(level);
    expect(badge.classList.contains(`tp-level--${level}`)).toBe(true);
    const svg = badge.querySelector('svg.tp-icon')!;
    expect(svg.getAttribute('data-icon')).toBe(icon);
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(badge.querySelector('.tp-badge__word')!.textContent).toBe(word);
    expect(screen.getByRole('button', { name: `${word}: PyPI Trust Panel verdict` })).toBe(badge);
  });

  it('describes itself with the headline through a tooltip', () => {
    render(<TrustBadge verdict={{ level: 'danger', headline: 'Known malicious package (MAL-2025-42)' }} />);
    const badge = screen.getByTestId('trust-badge');
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    expect(badge.getAttribute('aria-describedby')).toBe(tooltip.id);
    expect(tooltip.textContent).toBe('Known malicious package (MAL-2025-42)');
    expect(badge.hasAttribute('title')).toBe(false);
  });

  it('dismisses the tooltip with Escape until the pointer or focus leaves', () => {
    render(<TrustBadge verdict={{ level: 'good', headline: 'Fine' }} />);
    const badge = screen.getByTestId('trust-badge');
    fireEvent.keyDown(badge, { key: 'Escape' });
    expect(badge.classList.contains('tp-badge--dismissed')).toBe(true);
    fireEvent.blur(badge);
    expect(badge.classList.contains('tp-badge--dismissed')).toBe(false);
  });

  it('shows a loading state', () => {
    render(<TrustBadge verdict={null} loading />);
    const badge = screen.getByTestId('trust-badge');
    expect(badge.getAttribute('data-level')).toBe('loading');
    expect(badge.getAttribute('aria-busy')).toBe('true');
    expect(badge.textContent).toContain('Checking…');
  });

  it('is Unknown, not blank, without a verdict', () => {
    render(<TrustBadge verdict={null} />);
    const badge = screen.getByTestId('trust-badge');
    expect(badge.getAttribute('data-level')).toBe('unknown');
    expect(badge.textContent).toContain('Unknown');
  });

  it('calls onActivate on click', () => {
    const onActivate = vi.fn();
    render(<TrustBadge verdict={{ level: 'good', headline: 'Fine' }} onActivate={onActivate} size="compact" />);
    const badge = screen.getByTestId('trust-badge');
    expect(badge.classList.contains('tp-badge--compact')).toBe(true);
    fireEvent.click(badge);
    expect(onActivate).toHaveBeenCalledOnce();
  });
});
