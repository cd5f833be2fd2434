// Byte helpers for attacker-controlled input: strict base64 (atob alone accepts whitespace and
// missing padding), SHA-256 through WebCrypto, hex. Runs in the MV3 service worker and in Node 20.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True for canonical, padded standard base64 (what every PEP 740 / Sigstore field uses). */
export function isStrictBase64(value: string): boolean {
  return BASE64.test(value);
}

/** Decodes strict base64; null for anything else (truncated, URL-safe, whitespace, wrong padding). */
export function decodeBase64(value: string): Uint8Array | null {
  if (!isStrictBase64(value)) return null;
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

/** UTF-8 decode that refuses invalid sequences instead of inserting U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
