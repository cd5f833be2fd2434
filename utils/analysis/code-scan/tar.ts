// The members of a tar archive, read the way Python's tarfile (and so pip) reads them: archive order,
// ustar prefixes, GNU long names and pax paths, and the end where tarfile ends — at the first zero or
// otherwise invalid header, not at two zero blocks — so nothing after it is taken for installed code.
import type { ArchiveMember } from './member';
import type { Pacer } from './pace';

const BLOCK = 512;
const ascii = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Regular-file types (tarfile's REGULAR_TYPES): their data follows the header. */
const FILE_TYPES = new Set(['0', '\0', '7', 'S']);
/** Types tarfile knows that carry no data blocks of their own (links, devices, folders). */
const NO_DATA_TYPES = new Set(['1', '2', '3', '4', '5', '6']);

function cString(block: Uint8Array, at: number, length: number, decoder = utf8): string {
  const field = block.subarray(at, at + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

/** tarfile's nti: octal (spaces and NULs around it), or base-256 when the first byte has its top bit set. */
function number(block: Uint8Array, at: number, length: number): number | null {
  const first = block[at]!;
  if (first === 0o200 || first === 0o377) {
    let n = 0;
    for (let i = at + 1; i < at + length; i++) n = n * 256 + block[i]!;
    return first === 0o377 ? -n : n;
  }
  const text = cString(block, at, length, ascii).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
}

function checksumMatches(block: Uint8Array): boolean {
  const stored = number(block, 148, 8);
  let unsigned = 256;
  let signed = 256;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += block[i]!;
    signed += block[i]! > 127 ? block[i]! - 256 : block[i]!;
  }
  return stored === unsigned || stored === signed;
}

/** pax extended header records: "<length> <key>=<value>\n". */
function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const text = utf8.decode(data);
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    const length = parseInt(text.slice(at, space), 10);
    if (space < 0 || !(length > 0)) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

/** Every member up to where tarfile stops; throws on a first header tarfile would refuse. */
export async function tarMembers(bytes: Uint8Array, pacer: Pacer): Promise<ArchiveMember[]> {
  const members: ArchiveMember[] = [];
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax = new Map<string, string>();
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    if (pacer.due()) await pacer.pause();
    const block = bytes.subarray(at, at + BLOCK);
    if (block.every((b) => b === 0)) break; // tarfile's EOFHeaderError: the end, even mid-archive
    if (!checksumMatches(block)) {
      if (at === 0) throw new Error('not a tar archive (bad header checksum)');
      break; // tarfile's InvalidHeaderError after the first member: the end
    }
    const type = String.fromCharCode(block[156]!);
    const size = number(block, 124, 12) ?? -1;
    if (size < 0) break;
    const dataAt = at + BLOCK;
    const next = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    const data = () => bytes.subarray(dataAt, Math.min(dataAt + size, bytes.length));
    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      if (dataAt + size > bytes.length) break;
      if (type === 'L') longName = cString(data(), 0, size);
      else if (type === 'K') longLink = cString(data(), 0, size);
      else if (type === 'x') pax = paxRecords(data());
      at = next;
      continue;
    }
    const magic = ascii.decode(block.subarray(257, 263));
    const prefix = magic === 'ustar\0' ? cString(block, 345, 155) : '';
    const plain = cString(block, 0, 100);
    let path = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${plain}` : plain);
    const linkTarget = pax.get('linkpath') ?? longLink ?? cString(block, 157, 100);
    const paxSize = pax.has('size') ? Number(pax.get('size')) : size;
    longName = longLink = null;
    pax = new Map();
    const isFile = FILE_TYPES.has(type) && !path.endsWith('/');
    if (isFile && dataAt + paxSize > bytes.length) break; // truncated data: tarfile cannot extract it
    const kind = isFile
      ? 'file'
      : type === '1'
        ? 'hardlink'
        : type === '2'
          ? 'symlink'
          : type === '5' || path.endsWith('/')
            ? 'dir'
            : 'other';
    if (kind === 'dir') path = path.replace(/\/+$/, '');
    const fileAt = dataAt;
    members.push({
      path,
      size: kind === 'file' ? paxSize : 0,
      kind,
      linkTarget: kind === 'hardlink' || kind === 'symlink' ? linkTarget : null,
      compression: null,
      read: () => bytes.subarray(fileAt, fileAt + paxSize),
    });
    // tarfile skips data blocks for regular files and for types it does not know, never for links or folders.
    at = NO_DATA_TYPES.has(type) ? dataAt : FILE_TYPES.has(type) ? dataAt + Math.ceil(paxSize / BLOCK) * BLOCK : next;
  }
  return members;
}
