import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactNumber, groupDigits } from '../../../../utils/lib/numbers';
import { byCodeUnits } from '../../../../utils/lib/order';

// Node carries full ICU: Intl's en-US output is the reference the hand-written formatting must match.
const grouping = (n: number) => n.toLocaleString('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

describe('groupDigits (en-US digit grouping without Intl)', () => {
  it.each([0, 7, 999, 1000, 15_000, 1_291_814_272, -4321, 12345.6789, 0.5, 2.5e21, 123456789012345, Number.MAX_SAFE_INTEGER])(
    '%s as Intl writes it',
    (n) => expect(groupDigits(n)).toBe(grouping(n)),
  );
  it('matches Intl for any integer and for fractions', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => groupDigits(n) === grouping(n)));
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (n) => groupDigits(n) === grouping(n)));
  });
});

describe('compactNumber (en-US compact notation without Intl)', () => {
  it.each([0, 999, 999.5, 1000, 1049, 15_300, 999_949, 999_950, 1_000_000, 1_291_814_272, 1e12, 1e15, 2.5e21, -15_300])(
    '%s as Intl writes it',
    (n) => expect(compactNumber(n)).toBe(compact.format(n)),
  );
  it('matches Intl from units to trillions', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (n) => compactNumber(n) === compact.format(n)));
    fc.assert(
      fc.property(
        fc.nat({ max: 14 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (e, m) => compactNumber(m * 10 ** e) === compact.format(m * 10 ** e),
      ),
    );
  });
});

describe("compactNumber with GitHub's lower-case thousands", () => {
  it.each([
    [999, '999'],
    [15_300, '15.3k'],
    [999_949, '999.9k'],
    [999_950, '1M'],
    [1_291_814_272, '1.3B'],
  ])('%s → %s', (n, text) => expect(compactNumber(n, { thousands: 'k' })).toBe(text));
  it('differs from Intl only in the case of the k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 52 }),
        (n) => compactNumber(n, { thousands: 'k' }) === compact.format(n).replace('K', 'k'),
      ),
    );
  });
});

describe('byCodeUnits', () => {
  it('orders IDs and ISO dates as sort() would, without a collator', () => {
    const ids = ['PYSEC-2023-74', 'GHSA-j8r2-6x86-q33q', 'CVE-2023-32681', 'GHSA-9wx4-h78v-vm56', 'MAL-2026-15859'];
    expect([...ids].sort(byCodeUnits)).toEqual([...ids].sort());
    expect(byCodeUnits('2024-05-20T20:15:00Z', '2024-05-20T20:15:01Z')).toBe(-1);
    expect(byCodeUnits('same', 'same')).toBe(0);
  });
});
