import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../../utils/lib/bytes';

describe('concatBytes', () => {
  it('joins chunks in order', () => {
    expect(concatBytes([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])])).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('is empty for no chunks', () => {
    expect(concatBytes([])).toEqual(new Uint8Array(0));
  });

  it('copies views: the result holds only the viewed bytes and shares no buffer', () => {
    const source = new Uint8Array([9, 8, 7, 6]);
    const view = source.subarray(1, 3);
    const joined = concatBytes([view]);
    expect(joined).toEqual(new Uint8Array([8, 7]));
    expect(joined.buffer).not.toBe(source.buffer);
    expect(joined.buffer.byteLength).toBe(2);
  });
});
