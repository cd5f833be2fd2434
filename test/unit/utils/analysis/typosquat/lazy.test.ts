// The typosquat index builds its look-alike tables only when an unlisted name is checked: a popular
// (listed) package — most pages — is answered from the rank map, in a worker that has just started.
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat } from '../../../../../utils/analysis/typosquat';
import { normaliseTopPackages } from '../../../../../utils/sources/top-packages';
import { readRecorded } from '../../../../support/fixtures';

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;

/** The list, counting the full passes over it (each build step is one forEach). */
function countedNames() {
  const counter = { passes: 0 };
  const names = new Proxy(top.names, {
    get(target, key, receiver) {
      if (key === 'forEach') counter.passes += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { names, counter };
}

describe('lazy look-alike tables', () => {
  it('a listed name needs only the rank map; the first unlisted name builds the tables, once', () => {
    const { names, counter } = countedNames();
    const index = buildTyposquatIndex({ ...top, names });
    expect(counter.passes).toBe(1);
    expect(checkTyposquat('requests', index)).toMatchObject({ listed: true });
    expect(counter.passes).toBe(1);
    const squat = checkTyposquat('reqeusts', index);
    expect(squat.listed).toBe(false);
    expect(squat.candidates.map((c) => c.name)).toContain('requests');
    expect(counter.passes).toBe(2);
    checkTyposquat('requestz', index);
    expect(counter.passes).toBe(2);
  });

  it('gives the answers of a fully built index', () => {
    const lazy = buildTyposquatIndex(top);
    const eager = buildTyposquatIndex(top);
    void eager.bySquashed;
    for (const name of ['reqeusts', 'python-dateutil2', 'numpyy', 'djang0', 'luigi', 'tennis', 'microsoft', 'urllib4']) {
      expect(checkTyposquat(name, lazy)).toEqual(checkTyposquat(name, eager));
    }
  });
});
