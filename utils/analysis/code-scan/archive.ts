// Unpacks a distribution in memory the way pip does: zip (wheels, old zip sdists) from its central
// directory, .tar.gz as Python's tarfile reads it. Every entry is listed; a path that appears twice is
// the last one (pip extracts in archive order, so the last overwrites); links are resolved inside the
// archive. Only the entries the caller wants are read, each within a cap and all together within a
// sum and a count, so a bomb or a flood of small files costs a "not checked", never the browser.
import { Gunzip } from 'fflate';
import { concatBytes } from '../../lib/bytes';
import type { ArchiveMember } from './member';
import { Pacer } from './pace';
import { tarMembers } from './tar';
import { zipMembers } from './zip';

/** A .tar.gz sdist of 10 MB is typically 30–60 MB unpacked; far more is a bomb, not source code. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** Source files we read are small; a 2 MB "setup.py" is itself a finding, and the start is enough. */
export const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/** All the files read from one archive together: build hooks and .pth files of real projects stay far below. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Files read from one archive: real sdists have a few dozen build-hook candidates, wheels a handful of .pth. */
export const MAX_READ_ENTRIES = 1_000;
/** Gunzip in slices this big, so a bomb is stopped after one slice's worth of expansion. */
const GUNZIP_SLICE = 64 * 1024;
/** Bytes inflated that count as one unit of pace.ts, about a scanned line's cost (at 64 KB, eight 2 MB entries were read without a pause). */
const INFLATED_BYTES_PER_UNIT = 1024;
/** Links followed from one entry before it counts as unreadable (tarfile itself follows a chain). */
const MAX_LINK_HOPS = 8;

export type ArchiveKind = 'zip' | 'tar.gz' | 'tar';

export type ArchiveEntry = {
  /** Path inside the archive, without a leading "./" or "/". */
  path: string;
  size: number;
  /** Content, only for entries the caller wanted and could be read within the caps. */
  data: Uint8Array | null;
  /** Why a wanted entry was not read ("larger than 2 MB"), or null. */
  unread: string | null;
  /** The archive path whose content this entry is, when the entry is a symlink or hardlink. */
  linkTo: string | null;
};

export type Archive = { entries: ArchiveEntry[] };
export type ArchiveError = { error: string };
/** Order in which wanted entries are read (lower first, so build hooks come before a flood of .pth), or null. */
export type Want = (path: string, size: number) => number | boolean | null;

export function archiveKind(filename: string): ArchiveKind | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl') || lower.endsWith('.zip') || lower.endsWith('.egg')) return 'zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.tar')) return 'tar';
  return null;
}

class TooLarge extends Error {}

export function normaliseEntryPath(name: string): string {
  if (!name.includes('\\') && name[0] !== '.' && name[0] !== '/') return name;
  return name.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

/** Gunzip, or throw TooLarge once the output passes `maxBytes`; yields between slices when given a pacer. */
export async function gunzipCappedPaced(bytes: Uint8Array, maxBytes: number, pacer?: Pacer): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const gunzip = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw new TooLarge();
    chunks.push(chunk);
  });
  if (bytes.length === 0) gunzip.push(bytes, true);
  for (let at = 0; at < bytes.length; at += GUNZIP_SLICE) {
    gunzip.push(bytes.subarray(at, at + GUNZIP_SLICE), at + GUNZIP_SLICE >= bytes.length);
    await pacer?.step(50);
  }
  return concatBytes(chunks);
}

/** The synchronous gunzip, for the bench's comparison. */
export function gunzipCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const gunzip = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw new TooLarge();
    chunks.push(chunk);
  });
  gunzip.push(bytes, true);
  return concatBytes(chunks);
}

export type ReadOptions = { maxUnpackedBytes?: number; maxReadBytes?: number; maxReadEntries?: number; pacer?: Pacer };

/**
 * Lists every file of the archive (directories and devices left out) and reads the content of those
 * `want` asks for, in its order, within the caps; what is wanted but not read says why.
 */
export async function readArchive(
  bytes: Uint8Array,
  kind: ArchiveKind,
  want: Want,
  options: ReadOptions = {},
): Promise<Archive | ArchiveError> {
  const maxUnpacked = options.maxUnpackedBytes ?? MAX_UNPACKED_BYTES;
  const pacer = options.pacer ?? new Pacer();
  try {
    const members =
      kind === 'zip'
        ? await zipMembers(bytes, pacer)
        : await tarMembers(kind === 'tar.gz' ? await gunzipCappedPaced(bytes, maxUnpacked, pacer) : bytes, pacer);
    const entries = await resolveEntries(members, want, { ...options, pacer });
    return entries.length > 0 ? { entries } : { error: 'contains no files' };
  } catch (error) {
    if (error instanceof TooLarge) return { error: `unpacks to more than ${maxUnpacked / 1024 / 1024} MB` };
    return { error: `could not be unpacked (${String(error instanceof Error ? error.message : error).slice(0, 120)})` };
  }
}

/** "a/b/../c" → "a/c"; null when it climbs out of the archive. */
function joinInside(dir: string, target: string): string | null {
  const parts: string[] = [];
  for (const part of `${target.startsWith('/') ? '' : dir}/${target}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return target.startsWith('/') ? null : parts.join('/');
}

async function resolveEntries(members: ArchiveMember[], want: Want, options: ReadOptions & { pacer: Pacer }): Promise<ArchiveEntry[]> {
  // The last member of each path is what pip leaves on disk; a hardlink may only name a member before it.
  const last = new Map<string, number>();
  /** Every member of a path that occurs more than once (most occur once: no list for them). */
  const repeated = new Map<string, number[]>();
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    m.path = normaliseEntryPath(m.path);
    const earlier = last.get(m.path);
    if (earlier !== undefined) {
      const list = repeated.get(m.path);
      if (list) list.push(i);
      else repeated.set(m.path, [earlier, i]);
    }
    last.set(m.path, i);
  }
  const before = (path: string, index: number) => {
    const list = repeated.get(path) ?? (last.has(path) ? [last.get(path)!] : []);
    for (let k = list.length - 1; k >= 0; k--) if (list[k]! < index) return list[k]!;
    return undefined;
  };
  /** The file member a link ends at, or why it cannot be read. */
  const target = (index: number): { index: number } | { unread: string } => {
    let at = index;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const m = members[at]!;
      if (m.kind === 'file') return { index: at };
      if (m.kind !== 'symlink' && m.kind !== 'hardlink') return { unread: 'a link to something that is not a file' };
      const dir = m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/')) : '';
      const path = m.kind === 'symlink' ? joinInside(dir, m.linkTarget ?? '') : joinInside('', m.linkTarget ?? '');
      const next = path === null ? undefined : m.kind === 'hardlink' ? before(path, at) : last.get(path);
      if (next === undefined) return { unread: `a link to ${m.linkTarget ?? '?'}, which is not a file in the archive` };
      at = next;
    }
    return { unread: 'a chain of links too long to follow' };
  };

  const entries: ArchiveEntry[] = [];
  const wanted: { entry: ArchiveEntry; rank: number; order: number }[] = [];
  for (const [path, index] of last) {
    if (options.pacer.due()) await options.pacer.pause();
    const m = members[index]!;
    if (m.kind === 'dir' || m.kind === 'other') continue;
    const entry: ArchiveEntry = { path, size: m.size, data: null, unread: null, linkTo: null };
    entries.push(entry);
    const rank = want(path, m.size);
    if (rank === null || rank === false) continue;
    wanted.push({ entry, rank: rank === true ? 1 : rank, order: index });
  }
  wanted.sort((a, b) => a.rank - b.rank || a.order - b.order);

  const maxBytes = options.maxReadBytes ?? MAX_READ_BYTES;
  const maxEntries = options.maxReadEntries ?? MAX_READ_ENTRIES;
  let readBytes = 0;
  let readEntries = 0;
  for (const { entry, order } of wanted) {
    if (options.pacer.due()) await options.pacer.pause();
    const found = target(order);
    if ('unread' in found) {
      entry.unread = found.unread;
      continue;
    }
    const file = members[found.index]!;
    if (found.index !== order) entry.linkTo = file.path;
    entry.size = file.size;
    if (file.compression) entry.unread = `compressed with ${file.compression}, which this reader cannot undo`;
    else if (file.size > MAX_ENTRY_BYTES) entry.unread = `larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MB`;
    else if (options.pacer.expired) entry.unread = 'time budget';
    else if (readEntries >= maxEntries) entry.unread = `more than ${maxEntries} files to read in one archive`;
    else if (readBytes + file.size > maxBytes) entry.unread = `the files to read add up to more than ${maxBytes / 1024 / 1024} MB`;
    if (entry.unread) continue;
    try {
      entry.data = file.read(MAX_ENTRY_BYTES);
    } catch (error) {
      entry.unread = `unreadable (${String(error instanceof Error ? error.message : error).slice(0, 80)})`;
      continue;
    }
    readBytes += file.size;
    readEntries += 1;
    await options.pacer.step(1 + Math.floor(file.size / INFLATED_BYTES_PER_UNIT));
  }
  return entries;
}

const decoder = new TextDecoder('utf-8');

export function textOf(entry: ArchiveEntry): string {
  return entry.data ? decoder.decode(entry.data) : '';
}
