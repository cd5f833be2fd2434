// Uint8Array has no concat of its own: one copy of it for every reader that collects chunks (streams, gunzip).

/** The chunks joined into one new array (always a copy, so the result never shares a caller's buffer). */
export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
