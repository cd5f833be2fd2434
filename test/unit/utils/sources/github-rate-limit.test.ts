// Checking a token with GitHub: the request carries the token, so a redirect is never followed with it.
import { describe, expect, it } from 'vitest';
import { checkGithubToken, RATE_LIMIT_URL } from '../../../../utils/sources/github-rate-limit';
import { readProjectFixture } from '../../../support/fixtures';
import { jsonResponse, recordingHttp } from './recorded-responses';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('checkGithubToken', () => {
  it('asks /rate_limit with the token and redirect: manual', async () => {
    const inits: RequestInit[] = [];
    const { http } = recordingHttp(
      (_call, init) => (inits.push(init!), jsonResponse(readProjectFixture('synthetic-github-rate-limit.json'))),
    );
    const verdict = await checkGithubToken(http, TOKEN);
    expect(verdict).toMatchObject({ ok: true, quota: { limit: 5000, remaining: 4999 } });
    expect(inits.map((init) => [new Headers(init.headers).get('authorization'), init.redirect])).toEqual([[`Bearer ${TOKEN}`, 'manual']]);
  });

  it('a redirect is an error, not followed and not asked again: the token goes nowhere else', async () => {
    // fetch as it behaves: under 'follow' it asks the Location with the same headers (a same-origin redirect keeps
    // Authorization in every browser); under 'manual' it hands the 302 back.
    const wire: { url: string; authorization: string | null }[] = [];
    const { http } = recordingHttp((call, init) => {
      wire.push({ url: call.url, authorization: call.headers.get('authorization') });
      if (init?.redirect !== 'follow')
        return new Response(null, { status: 302, headers: { location: 'https://api.github.com/elsewhere' } });
      wire.push({ url: 'https://api.github.com/elsewhere', authorization: call.headers.get('authorization') });
      return jsonResponse(readProjectFixture('synthetic-github-rate-limit.json'));
    });
    const verdict = await checkGithubToken(http, TOKEN);
    expect(verdict).toMatchObject({ ok: false, rejected: false, error: { kind: 'upstream' } });
    expect(wire).toEqual([{ url: RATE_LIMIT_URL, authorization: `Bearer ${TOKEN}` }]);
  });
});
