// The members of a zip archive from its central directory, as Python's zipfile (and so pip) lists them,
// and one member's content inflated in slices within a cap: a member that inflates past the size it
// declares is refused (zipfile fails its CRC), so a lying header costs one slice, never the browser.
import { Inflate } from 'fflate';
import type { ArchiveMember } from './member';
import type { Pacer } from './pace';

const utf8 = new TextDecoder('utf-8');
/** Compressed bytes per inflate step: at deflate's ~1000:1 limit, one step overshoots a cap by at most 16 MB. */
const INFLATE_SLICE = 16 * 1024;
export const COMPRESSION_NAMES: Record<number, string> = {
  1: 'shrink',
  6: 'implode',
  9: 'deflate64',
  12: 'bzip2',
  14: 'lzma',
  93: 'zstd',
  95: 'xz',
};

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

export class ZipError extends Error {}

/** A member name: ASCII read directly (a TextDecoder call per name was most of listing 100,000 members), else UTF-8. */
function decodeName(bytes: Uint8Array, at: number, length: number): string {
  let ascii = '';
  for (let k = at; k < at + length; k++) {
    const c = bytes[k]!;
    if (c >= 0x80) return utf8.decode(bytes.subarray(at, at + length));
    ascii += String.fromCharCode(c);
  }
  return ascii;
}

function endOfDirectory(bytes: Uint8Array): { count: number; offset: number } {
  for (let at = bytes.length - 22; at >= 0 && bytes.length - at <= 65_557; at--) {
    if (u32(bytes, at) !== 0x06054b50) continue;
    let count = u16(bytes, at + 10);
    let offset = u32(bytes, at + 16);
    const locator = at - 20;
    if (locator >= 0 && u32(bytes, locator) === 0x07064b50) {
      const zip64 = u64(bytes, locator + 8);
      if (zip64 + 56 <= bytes.length && u32(bytes, zip64) === 0x06064b50) {
        count = u64(bytes, zip64 + 32);
        offset = u64(bytes, zip64 + 48);
      }
    }
    return { count, offset };
  }
  throw new ZipError('not a zip archive (no end of central directory)');
}

/** Every member the central directory lists, in its order. */
export async function zipMembers(bytes: Uint8Array, pacer: Pacer): Promise<ArchiveMember[]> {
  const { count, offset } = endOfDirectory(bytes);
  const members: ArchiveMember[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (pacer.due()) await pacer.pause();
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw new ZipError('damaged central directory');
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    let compressed = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    let local = u32(bytes, at + 42);
    const name = decodeName(bytes, at + 46, nameLength);
    // ZIP64 extra field: the 64-bit values of whichever fields are 0xFFFFFFFF, in this order.
    const extraAt = at + 46 + nameLength;
    for (let e = extraAt; e + 4 <= extraAt + extraLength; ) {
      const id = u16(bytes, e);
      const length = u16(bytes, e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (size === 0xffffffff) {
          size = u64(bytes, f);
          f += 8;
        }
        if (compressed === 0xffffffff) {
          compressed = u64(bytes, f);
          f += 8;
        }
        if (local === 0xffffffff) local = u64(bytes, f);
      }
      e += 4 + length;
    }
    at = extraAt + extraLength + commentLength;
    const encrypted = (flags & 1) !== 0;
    const compression = encrypted ? 'encryption' : method === 0 || method === 8 ? null : (COMPRESSION_NAMES[method] ?? `method ${method}`);
    members.push({
      path: name,
      size,
      kind: name.endsWith('/') ? 'dir' : 'file',
      linkTarget: null,
      compression,
      read: (cap) => readMember(bytes, local, method, compressed, size, cap),
    });
  }
  return members;
}

function readMember(bytes: Uint8Array, local: number, method: number, compressed: number, size: number, cap: number): Uint8Array {
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new ZipError('damaged local header');
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const body = bytes.subarray(start, Math.min(start + compressed, bytes.length));
  if (body.length < compressed) throw new ZipError('truncated member');
  if (method === 0) return body.subarray(0, Math.min(size, cap));
  const limit = Math.min(size, cap);
  const out = new Uint8Array(limit);
  let written = 0;
  const inflate = new Inflate((chunk) => {
    if (written + chunk.length > size) throw new ZipError('inflates past its declared size');
    if (written < limit) out.set(chunk.subarray(0, limit - written), written);
    written += chunk.length;
  });
  for (let at = 0; at < body.length && written <= limit; at += INFLATE_SLICE) {
    inflate.push(body.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= body.length);
  }
  return out.subarray(0, Math.min(written, limit));
}
