// Unpacks a distribution in memory: zip (wheels, old zip sdists) with fflate, .tar.gz with fflate's
// gunzip and modern-tar's reader. Pure and Web-API only, so it runs in an MV3 service worker. Every
// entry is listed; only the entries the caller asks for are decompressed, each within a size cap, and
// the whole tar within a cap, so a decompression bomb costs a "not checked", never the browser.
import { Gunzip, unzipSync } from 'fflate';
import { unpackTar } from 'modern-tar';
import { concatBytes } from '../../lib/bytes';

/** A .tar.gz sdist of 10 MB is typically 30–60 MB unpacked; far more is a bomb, not source code. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** Source files we read are small; a 2 MB "setup.py" is itself a finding, and the start is enough. */
export const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/** Gunzip in slices this big, so a bomb is stopped after one slice's worth of expansion. */
const GUNZIP_SLICE = 64 * 1024;

export type ArchiveKind = 'zip' | 'tar.gz' | 'tar';

export type ArchiveEntry = {
  /** Path inside the archive, without a leading "./" or "/". */
  path: string;
  size: number;
  /** Content, only for entries the caller wanted and within MAX_ENTRY_BYTES. */
  data: Uint8Array | null;
};

export type Archive = { entries: ArchiveEntry[] };
export type ArchiveError = { error: string };

export function archiveKind(filename: string): ArchiveKind | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl') || lower.endsWith('.zip') || lower.endsWith('.egg')) return 'zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.tar')) return 'tar';
  return null;
}

class TooLarge extends Error {}

export function normaliseEntryPath(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

/** Gunzip, or throw TooLarge once the output passes `maxBytes`. */
export function gunzipCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
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
  }
  return concatBytes(chunks);
}

/**
 * Lists every entry of the archive and reads the content of those for which `want(path, size)` holds.
 * Directories, links and other non-files are left out.
 */
export async function readArchive(
  bytes: Uint8Array,
  kind: ArchiveKind,
  want: (path: string, size: number) => boolean,
  maxUnpackedBytes = MAX_UNPACKED_BYTES,
): Promise<Archive | ArchiveError> {
  try {
    const archive =
      kind === 'zip' ? readZip(bytes, want) : await readTar(kind === 'tar.gz' ? gunzipCapped(bytes, maxUnpackedBytes) : bytes, want);
    return archive.entries.length > 0 ? archive : { error: 'contains no files' };
  } catch (error) {
    if (error instanceof TooLarge) return { error: `unpacks to more than ${maxUnpackedBytes / 1024 / 1024} MB` };
    return { error: `could not be unpacked (${String(error instanceof Error ? error.message : error).slice(0, 120)})` };
  }
}

function readZip(bytes: Uint8Array, want: (path: string, size: number) => boolean): Archive {
  const listed: { path: string; size: number }[] = [];
  const names = new Map<string, string>();
  const contents = unzipSync(bytes, {
    filter: (file) => {
      if (file.name.endsWith('/')) return false;
      const path = normaliseEntryPath(file.name);
      listed.push({ path, size: file.originalSize });
      names.set(file.name, path);
      return file.originalSize <= MAX_ENTRY_BYTES && want(path, file.originalSize);
    },
  });
  const byPath = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(contents)) byPath.set(names.get(name) ?? normaliseEntryPath(name), data);
  return { entries: listed.map(({ path, size }) => ({ path, size, data: byPath.get(path) ?? null })) };
}

async function readTar(bytes: Uint8Array, want: (path: string, size: number) => boolean): Promise<Archive> {
  const entries: ArchiveEntry[] = [];
  const kept = await unpackTar(bytes, {
    filter: (header) => {
      if ((header.type ?? 'file') !== 'file') return false;
      const path = normaliseEntryPath(header.name);
      const keep = header.size <= MAX_ENTRY_BYTES && want(path, header.size);
      if (!keep) entries.push({ path, size: header.size, data: null });
      return keep;
    },
  });
  for (const entry of kept) {
    entries.push({ path: normaliseEntryPath(entry.header.name), size: entry.header.size, data: entry.data ?? new Uint8Array(0) });
  }
  return { entries };
}

const decoder = new TextDecoder('utf-8');

export function textOf(entry: ArchiveEntry): string {
  return entry.data ? decoder.decode(entry.data) : '';
}
