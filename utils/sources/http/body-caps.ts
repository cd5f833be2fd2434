// Bodies are read up to a cap and checked before use, so an oversized or wrong answer costs an error, never memory or a false fact.
import * as z from 'zod/mini';
import { concatBytes } from '../../lib/bytes';

/** Big enough for Django's Simple index (≈0.5 MB) with room to spare; larger bodies are refused. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What a body turned out to be: the schema's data, or why it is refused (`says` follows the host's name). */
export type Body = { ok: true; data: unknown } | { ok: false; kind: 'upstream' | 'malformed'; says: string };

/** Reads the body within `maxBytes`, then checks it: a file that is not a web page, or JSON of `schema`'s shape. */
export async function readBody(
  response: Response,
  schema: z.ZodMiniType,
  maxBytes: number,
  bodyAs: 'json' | 'text' | undefined,
): Promise<Body> {
  const text = await readCapped(response, maxBytes);
  if (text === null) return { ok: false, kind: 'upstream', says: 'sent a response larger than we accept' };
  if (bodyAs === 'text' && /^\s*text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
    // A file is never served as a web page: this is a challenge, login or captive-portal page. Read as setup.py,
    // its <meta name="viewport"> would pass for the name of another package.
    return { ok: false, kind: 'malformed', says: 'sent a web page instead of the file' };
  }
  let json: unknown = text;
  try {
    if (bodyAs !== 'text') json = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'malformed', says: 'did not send JSON' };
  }
  const parsed = z.safeParse(schema, json);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, kind: 'malformed', says: 'sent data of an unexpected shape' };
}

/** Reads the body as text, or null when it exceeds `maxBytes` (stops reading at the cap). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return response.text();
  const bytes = await readCappedBytes(response, maxBytes);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** Reads the body as bytes, or null when it exceeds `maxBytes` (stops reading at the cap). */
export async function readCappedBytes(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}
