// The popup's messages in the contract: zod refuses anything the popup must never send.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createMessageHandler } from '../../../../utils/background/handler';
import { Message } from '../../../../utils/contract/messages';

const valid = (m: unknown) => z.safeParse(Message, m).success;

describe('popup messages', () => {
  it('lookup: a valid name, an optional plausible version', () => {
    expect(valid({ type: 'lookup', name: 'requests' })).toBe(true);
    expect(valid({ type: 'lookup', name: 'requests', version: '2.31.0' })).toBe(true);
    expect(valid({ type: 'lookup', name: 'foo bar' })).toBe(false);
    expect(valid({ type: 'lookup', name: 'x'.repeat(201) })).toBe(false);
    expect(valid({ type: 'lookup', name: 'requests', version: '../../admin' })).toBe(false);
  });

  it('every version field takes PEP 440 versions only: ".", "..", "%2e" would turn /pypi/<name>/<version>/json into another URL', () => {
    for (const version of ['.', '..', '%2e', '%2e%2e']) {
      expect(valid({ type: 'lookup', name: 'requests', version })).toBe(false);
      expect(valid({ type: 'prefetch', name: 'requests', version })).toBe(false);
      expect(valid({ type: 'getReport', name: 'requests', version })).toBe(false);
      expect(valid({ type: 'getReport', name: 'requests', pageHints: { verifiedUrls: [], shownVersion: version } })).toBe(false);
      expect(valid({ type: 'checkRequirements', requirements: [{ name: 'requests', pinned: version, specifier: null }] })).toBe(false);
    }
    expect(valid({ type: 'prefetch', name: 'requests', version: '2.32.4' })).toBe(true);
    expect(valid({ type: 'getReport', name: 'black', version: '21.11b0', pageHints: { verifiedUrls: [], shownVersion: '21.11b0' } })).toBe(
      true,
    );
  });

  it('getActiveVerdict: a non-negative integer tab id', () => {
    expect(valid({ type: 'getActiveVerdict', tabId: 12 })).toBe(true);
    expect(valid({ type: 'getActiveVerdict', tabId: -1 })).toBe(false);
    expect(valid({ type: 'getActiveVerdict', tabId: 1.5 })).toBe(false);
    expect(valid({ type: 'getActiveVerdict' })).toBe(false);
  });

  it('checkRequirements: 1 to 5000 valid items (a lockfile’s cap)', () => {
    const item = { name: 'django', pinned: '1.11.29', specifier: null };
    expect(valid({ type: 'checkRequirements', requirements: [item] })).toBe(true);
    expect(valid({ type: 'checkRequirements', requirements: Array(5000).fill(item) })).toBe(true);
    expect(valid({ type: 'checkRequirements', requirements: Array(5001).fill(item) })).toBe(false);
    expect(valid({ type: 'checkRequirements', requirements: [] })).toBe(false);
    expect(valid({ type: 'checkRequirements', requirements: [{ ...item, name: 'pip install x' }] })).toBe(false);
    expect(valid({ type: 'checkRequirements', requirements: [{ ...item, pinned: '1.0; rm -rf' }] })).toBe(false);
    expect(valid({ type: 'checkRequirements', requirements: [{ ...item, specifier: '>'.repeat(201) }] })).toBe(false);
  });

  it('validateToken: only text shaped like a GitHub token', () => {
    expect(valid({ type: 'validateToken', token: `ghp_${'a'.repeat(36)}` })).toBe(true);
    expect(valid({ type: 'validateToken', token: `github_pat_${'A1_'.repeat(27)}` })).toBe(true);
    expect(valid({ type: 'validateToken', token: 'short' })).toBe(false);
    expect(valid({ type: 'validateToken', token: 'ghp_ with spaces and more text' })).toBe(false);
    expect(valid({ type: 'validateToken', token: 'x'.repeat(256) })).toBe(false);
  });

  it('setSettings: the cache TTL can go back to the sources’ own (null)', () => {
    expect(valid({ type: 'setSettings', patch: { cacheTtlMinutes: null } })).toBe(true);
    expect(valid({ type: 'setSettings', patch: { cacheTtlMinutes: 0 } })).toBe(false);
  });

  it('the handler refuses popup messages from another extension before running anything', async () => {
    let ran = false;
    const handle = createMessageHandler(
      'our-id',
      new Proxy(
        {},
        {
          get: () => async () => {
            ran = true;
          },
        },
      ) as never,
    );
    expect(await handle({ type: 'lookup', name: 'requests' }, { id: 'someone-else' })).toEqual({
      ok: false,
      error: 'Messages are only accepted from this extension',
    });
    expect(await handle({ type: 'lookup', name: 'not valid!' }, { id: 'our-id' })).toEqual({
      ok: false,
      error: 'The message does not follow the contract',
    });
    expect(ran).toBe(false);
  });
});
