// Two product fixes of issue 10, pinned at unit level (the e2e files hostile.test.ts and faults.test.ts drive them
// through the real extension): bidi controls never reach the reader raw, and a web page is never read as a file.
import { describe, expect, it } from 'vitest';
import { clip, visibleText } from '../../components/shared/format';
import { Http } from '../../utils/sources/http';
import { readRecordedText } from '../support/fixtures';

describe('remote text with bidirectional controls', () => {
  it('shows every bidi control as a visible replacement mark', () => {
    const spoof = 'luigi\u202Egnp.exe \u2067x\u2069 \u202Aa\u202C \u200Fb\u200E \u061C';
    expect(visibleText(spoof)).toBe('luigi\uFFFDgnp.exe \uFFFDx\uFFFD \uFFFDa\uFFFD \uFFFDb\uFFFD \uFFFD');
    expect(clip(spoof, 7)).toBe('luigi\uFFFDg…');
  });
  it('leaves ordinary text, right-to-left scripts and emoji alone', () => {
    for (const text of ['requests 2.31.0', 'שלום עולם', 'مرحبا', '👩‍💻 done']) expect(visibleText(text)).toBe(text);
  });
});

describe('a web page where a file was expected (captive portal, bot challenge)', () => {
  const page = readRecordedText('pypi.org/html/search-bot-challenge.2025.html');
  const serve = (contentType: string) =>
    new Http({
      fetch: (async () => new Response(page, { status: 200, headers: { 'content-type': contentType } })) as unknown as typeof fetch,
    });

  it('is refused as malformed, never parsed as the file', async () => {
    const result = await serve('text/html; charset=utf-8').getText('https://raw.githubusercontent.com/o/r/HEAD/setup.py');
    expect(!result.ok && result.error).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/web page instead of the file/) });
  });
  it('while the same bytes as text/plain (what raw.githubusercontent.com sends) are a file', async () => {
    const result = await serve('text/plain; charset=utf-8').getText('https://raw.githubusercontent.com/o/r/HEAD/setup.py');
    expect(result.ok).toBe(true);
  });
});
