// A wheel's METADATA file (core metadata: RFC 822 headers, then the description as the body), read the way
// Python's email parser reads it for importlib.metadata: headers up to the first blank line, a line that starts
// with a space or tab continues the header above. Only Name, Version and Requires-Dist are kept, within caps:
// the file comes from an archive anyone can upload.

/** The headers of real METADATA files are a few KB (the long description is the body); past this it is not metadata. */
export const MAX_METADATA_HEADER_CHARS = 256 * 1024;
/** Requires-Dist lines kept: real packages declare tens, the largest meta-packages a few hundred. */
export const MAX_REQUIRES_DIST = 500;
/** One Requires-Dist value: PEP 508 lines with long markers stay far below; a longer one is dropped, not cut. */
export const MAX_REQUIREMENT_CHARS = 1000;

export type CoreMetadata = {
  metadataVersion: string | null;
  name: string | null;
  version: string | null;
  /** Every Requires-Dist value in file order, continuation lines unfolded. */
  requiresDist: string[];
  /** A cap left something out: headers past the length cap, lines past the count cap, or an over-long line. */
  truncated: boolean;
};

const HEADER = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/;

export function parseCoreMetadata(text: string): CoreMetadata {
  const result: CoreMetadata = { metadataVersion: null, name: null, version: null, requiresDist: [], truncated: false };
  let head = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (head.length > MAX_METADATA_HEADER_CHARS) {
    const end = head.search(/\r?\n\r?\n/);
    if (end < 0 || end > MAX_METADATA_HEADER_CHARS) result.truncated = true;
    head = head.slice(0, MAX_METADATA_HEADER_CHARS);
  }
  const headers: [string, string][] = [];
  for (const line of head.split(/\r\n|\n|\r/)) {
    if (line === '') break; // the body (the description) starts here
    if ((line[0] === ' ' || line[0] === '\t') && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`.trimEnd();
      continue;
    }
    const header = HEADER.exec(line);
    if (!header) break; // not a header: email.parser takes the rest as the body
    headers.push([header[1]!.toLowerCase(), header[2]!.trimEnd()]);
  }
  for (const [name, value] of headers) {
    if (name === 'metadata-version') result.metadataVersion ??= value;
    else if (name === 'name') result.name ??= value;
    else if (name === 'version') result.version ??= value;
    else if (name === 'requires-dist') {
      if (value.length > MAX_REQUIREMENT_CHARS || result.requiresDist.length >= MAX_REQUIRES_DIST) result.truncated = true;
      else if (value.trim() !== '') result.requiresDist.push(value.trim());
    }
  }
  return result;
}
