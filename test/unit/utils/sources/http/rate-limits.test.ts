import { describe, expect, it } from 'vitest';
import { rateLimitRetryAt } from '../../../../../utils/sources/http';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('rateLimitRetryAt', () => {
  it('reads an HTTP-date Retry-After', () => {
    const headers = new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:05:00 GMT' });
    expect(rateLimitRetryAt({ status: 429, headers }, NOW)).toBe(Date.parse('2026-11-25T12:05:00Z'));
  });
  it('is null for a healthy response with remaining quota', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '59' });
    expect(rateLimitRetryAt({ status: 200, headers }, NOW)).toBeNull();
  });
});
