// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ExternalLink,
  Truncated,
  TRUNCATE_AT,
  errorHint,
  formatDate,
  formatNumber,
  relativeTime,
  severityLabel,
  verdictLabel,
} from '../../../../components/shared/format';
import { NOW, RETRY_AT, localClock } from '../synthetic-facts';

afterEach(cleanup);

describe('formatDate', () => {
  it('writes UTC dates the way pypi.org does', () => {
    expect(formatDate('2024-12-06T00:58:03.138Z')).toBe('Dec 6, 2024');
    // 23:30 UTC on Dec 31 stays Dec 31 whatever the reader's zone.
    expect(formatDate('2012-12-31T23:30:00Z')).toBe('Dec 31, 2012');
  });
  it('says so when the date is unreadable', () => {
    expect(formatDate(null)).toBe('unknown date');
    expect(formatDate('not a date')).toBe('unknown date');
  });
});

describe('relativeTime', () => {
  it.each([
    ['2025-03-01T11:59:30Z', 'just now'],
    ['2025-03-01T11:55:00Z', '5 minutes ago'],
    ['2025-03-01T09:00:00Z', '3 hours ago'],
    ['2025-02-28T11:00:00Z', 'yesterday'],
    ['2025-02-20T12:00:00Z', '9 days ago'],
    ['2024-12-01T10:00:00Z', '3 months ago'],
    ['2024-12-20T10:00:00Z', '2 months ago'],
    ['2022-01-01T00:00:00Z', '3 years ago'],
    ['2026-01-01T00:00:00Z', 'in the future'],
  ])('%s → %s', (iso, text) => {
    expect(relativeTime(iso, NOW)).toBe(text);
  });
});

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1k'],
    [12_345, '12.3k'],
    [999_949, '999.9k'],
    [999_999, '1M'],
    [2_400_000, '2.4M'],
    [null, '—'],
  ])('%s → %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('labels', () => {
  it('gives every verdict level an icon and one word', () => {
    expect(verdictLabel('good')).toEqual({ icon: 'check', word: 'Trusted' });
    expect(verdictLabel('info').word).toBe('Checked');
    expect(verdictLabel('danger').word).toBe('Danger');
    expect(severityLabel('critical')).toMatchObject({ level: 'danger', word: 'Critical' });
  });
  it('turns a rate-limit reset into a local clock time', () => {
    expect(errorHint({ kind: 'rate-limited', message: 'x', retryAt: RETRY_AT })).toBe(`resets at ${localClock(RETRY_AT)}`);
    expect(errorHint({ kind: 'upstream', message: 'HTTP 502' })).toMatch(/try again/);
  });
});

describe('Truncated', () => {
  it('folds long remote text behind a "show more" toggle and unfolds it', () => {
    const long = `${'word '.repeat(100)}END`;
    const { container } = render(<Truncated text={long} />);
    expect(container.textContent).not.toContain('END');
    expect(container.textContent!.length).toBeLessThan(TRUNCATE_AT + 20);
    const toggle = screen.getByRole('button', { name: 'show more' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(container.textContent).toContain('END');
    expect(screen.getByRole('button', { name: 'show less' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('leaves short text alone and never splits an astral character', () => {
    const { container } = render(<Truncated text={'🐍'.repeat(10)} limit={5} />);
    expect(container.textContent!.startsWith('🐍🐍🐍🐍🐍…')).toBe(true);
    cleanup();
    render(<Truncated text="short" />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('renders markup in remote strings as text', () => {
    const { container } = render(<Truncated text={'<img src=x onerror="alert(1)">'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img');
  });
});

describe('ExternalLink', () => {
  it('links https: only, in a new tab without opener', () => {
    render(<ExternalLink url="https://github.com/spotify/luigi">repo</ExternalLink>);
    const link = screen.getByRole('link', { name: 'repo' });
    expect(link.getAttribute('href')).toBe('https://github.com/spotify/luigi');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });
  it.each(['javascript:alert(1)', 'http://github.com/x', 'data:text/html,hi', ' JaVaScRiPt:alert(1)'])('renders %s as text', (url) => {
    const { container } = render(<ExternalLink url={url}>label</ExternalLink>);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('label');
  });
});
