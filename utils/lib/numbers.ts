// Numbers as en-US text, without Intl. The first Intl formatter a context builds loads ICU data: about
// 15 ms on the page's main thread (the panel's first render) and in a freshly started worker, for what
// is digit grouping. Checked against Intl's own output by their unit test.

/** 1234567 → "1,234,567"; fractions keep up to three digits (as toLocaleString('en-US') does). */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞';
  const abs = Math.abs(n);
  let whole: string;
  let fraction = '';
  if (Number.isInteger(abs)) {
    whole = BigInt(abs).toString(); // exact for every integer a double holds, never "1e+21"
  } else {
    [whole = '0', fraction = ''] = (Math.round(abs * 1000) / 1000).toFixed(3).split('.');
    fraction = fraction.replace(/0+$/, '');
  }
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 || Object.is(n, -0) ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

const COMPACT = [
  { value: 1e12, suffix: 'T' },
  { value: 1e9, suffix: 'B' },
  { value: 1e6, suffix: 'M' },
  { value: 1e3, suffix: 'K' },
] as const;

/**
 * 1291814272 → "1.3B", 15300 → "15.3K", 999 → "999": en-US compact notation, one fraction digit at most.
 * `thousands: 'k'` writes thousands as GitHub writes its counts ("15.3k"); the other units stay upper case.
 */
export function compactNumber(n: number, { thousands = 'K' }: { thousands?: 'K' | 'k' } = {}): string {
  if (!Number.isFinite(n)) return groupDigits(n);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const abs = Math.abs(n);
  const oneDigit = (x: number) => String(Math.round(x * 10) / 10);
  if (Math.round(abs * 10) / 10 < 1000) return `${sign}${oneDigit(abs)}`;
  // The unit is chosen after rounding: 999,950 is "1M", not "1000K".
  for (let i = COMPACT.length - 1; i >= 0; i--) {
    const unit = COMPACT[i]!;
    const scaled = Math.round((abs / unit.value) * 10) / 10;
    const suffix = unit.suffix === 'K' ? thousands : unit.suffix;
    if (scaled < 1000) return `${sign}${oneDigit(scaled)}${suffix}`;
    // Trillions and up: Intl groups from five digits on ("1000T", "25,000T").
    if (i === 0) return `${sign}${scaled >= 10_000 ? groupDigits(scaled) : oneDigit(scaled)}${unit.suffix}`;
  }
  return `${sign}${groupDigits(abs)}`;
}
