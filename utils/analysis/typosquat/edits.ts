// Edit distances for the typosquat check: a cheap pre-filter, a bounded distance that counts a swap of
// neighbours as one slip, and what one slip was (where, which letters) so that the check can tell a
// slip of the keyboard from a sibling project's name ("types-boto3-sts" beside "types-boto3-s3").

/**
 * Which characters occur, one bit each (a–z; digits folded into six bits) — a cheap pre-filter:
 * one edit sets or clears at most two bits, so names whose sets differ in more bits are too far apart.
 */
export function letterSet(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) bits |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) bits |= 1 << (26 + ((code - 48) % 6));
  }
  return bits;
}

export function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Two neighbouring letters swapped ("reqeusts"): one slip, though Levenshtein counts two. */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first !== -1) return i === first + 1 && a[first] === b[i] && a[i] === b[first] && a.slice(i + 1) === b.slice(i + 1);
    first = i;
  }
  return false;
}

/**
 * Optimal-string-alignment distance (a swap of neighbours counts one), or `max + 1` as soon as it must
 * exceed `max`: the check only ever asks "within one or two?".
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rows[0]!.length < width) rows = [0, 1, 2].map(() => new Int32Array(width * 2));
  // Three reused rows (two back for the swap of neighbours): a lookup allocates nothing per name compared.
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}
let rows = [0, 1, 2].map(() => new Int32Array(64));

/** What one slip turned the popular name into the name: the letters involved and where. */
export type Slip = { type: 'substitute' | 'insert' | 'delete' | 'transpose'; at: number; letters: string };

/** The one slip from `target` to `name`, or null when they are not exactly one slip apart. */
export function slipBetween(name: string, target: string): Slip | null {
  if (name === target) return null;
  if (name.length === target.length) {
    let at = 0;
    while (name[at] === target[at]) at++;
    if (name.slice(at + 1) === target.slice(at + 1)) return { type: 'substitute', at, letters: name[at]! + target[at]! };
    if (isTransposition(name, target)) return { type: 'transpose', at, letters: name.slice(at, at + 2) };
    return null;
  }
  const [long, short] = name.length > target.length ? [name, target] : [target, name];
  if (long.length !== short.length + 1) return null;
  let at = 0;
  while (at < short.length && long[at] === short[at]) at++;
  if (long.slice(at + 1) !== short.slice(at)) return null;
  return { type: name.length > target.length ? 'insert' : 'delete', at, letters: long[at]! };
}

const KEY_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** How far each row is shifted right on a keyboard, in keys. */
const ROW_SHIFT = [0, 0.5, 0.75, 1.25];
const KEY_AT = new Map<string, { x: number; y: number }>();
KEY_ROWS.forEach((row, y) => [...row].forEach((key, col) => KEY_AT.set(key, { x: col + ROW_SHIFT[y]!, y })));

/** Keys that touch on a QWERTY keyboard: the letters a finger hits by mistake. */
export function neighbouringKeys(a: string, b: string): boolean {
  const p = KEY_AT.get(a);
  const q = KEY_AT.get(b);
  return !!p && !!q && a !== b && Math.abs(p.y - q.y) <= 1 && Math.abs(p.x - q.x) <= 1;
}

export const hasDigit = (text: string) => /[0-9]/.test(text);
