import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../../../utils/lib/time';

describe('durations', () => {
  it('are the milliseconds Date arithmetic uses', () => {
    expect(SECOND_MS).toBe(1000);
    expect(MINUTE_MS).toBe(60_000);
    expect(HOUR_MS).toBe(3_600_000);
    expect(DAY_MS).toBe(Date.UTC(2026, 0, 2) - Date.UTC(2026, 0, 1));
  });
});
