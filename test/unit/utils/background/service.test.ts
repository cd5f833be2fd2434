// The background service over a storage area that counts bytes and refuses writes past its quota, as Chrome's does.
import { describe, expect, it } from 'vitest';
import type { Sender } from '../../../../utils/background/handler';
import { createBackground } from '../../../../utils/background/service';
import { readProjectFixture } from '../../../support/fixtures';
import { quotaArea } from '../../../support/quota-area';

const EXTENSION_ID = 'pypitrustpanelextensionid';
const POPUP: Sender = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/popup.html` };
const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

/** Storage with only `room` bytes left (the rest taken by another part of the extension). */
function nearlyFullArea(room: number) {
  const area = quotaArea(3 * 1024 * 1024);
  area.data['ownership-memory'] = { filler: '' };
  area.data['ownership-memory'] = { filler: 'x'.repeat(3 * 1024 * 1024 - area.bytes() - room) };
  return area;
}

describe('a settings change storage refuses', () => {
  it('is answered as an error that says it was not saved, and the settings stay as stored', async () => {
    const background = createBackground({ storage: nearlyFullArea(20), extensionId: EXTENSION_ID, fetch: undefined });
    const reply = await background.handle({ type: 'setSettings', patch: { sources: { osv: false } } }, POPUP);
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^the browser's storage refused the change \(QUOTA_BYTES/) });
    const now = await background.handle({ type: 'getSettings' }, POPUP);
    expect(now).toMatchObject({ ok: true, value: { sources: { osv: true } } });
  });

  it('a token GitHub accepted but storage refused is reported as not saved, not as "not checked"', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify(readProjectFixture('synthetic-github-rate-limit.json')), {
        headers: { 'content-type': 'application/json' },
      })) as unknown as typeof globalThis.fetch;
    const background = createBackground({ storage: nearlyFullArea(20), extensionId: EXTENSION_ID, fetch });
    const reply = await background.handle({ type: 'validateToken', token: TOKEN }, POPUP);
    expect(reply).toMatchObject({
      ok: true,
      value: {
        valid: false,
        reason: expect.stringMatching(/^GitHub accepted the token, but it was not saved: the browser's storage refused/),
      },
    });
    expect(reply).toMatchObject({ value: { settings: { githubToken: { set: false } } } });
  });
});
