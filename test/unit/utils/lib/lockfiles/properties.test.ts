// Property tests: whatever is pasted, the lockfile parser answers (never throws), every checked
// package has a valid name and a plausible version, and shown text stays one short line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../../../../utils/lib/lockfiles/detect';
import { isPlausibleVersion, isValidPackageName } from '../../../../../utils/lib/package-name';

function holds(text: string): boolean {
  const parsed = parseLockfile(text);
  if (!parsed.ok) return parsed.message.length > 0;
  for (const r of parsed.requirements) {
    expect(isValidPackageName(r.name)).toBe(true);
    if (r.pinned !== null) expect(isPlausibleVersion(r.pinned)).toBe(true);
  }
  for (const line of parsed.lines) expect(line.text.length).toBeLessThanOrEqual(121);
  return true;
}

const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
const entry = fc.dictionary(fc.constantFrom('name', 'version', 'source', 'index', 'hashes', 'git', 'path', 'markers', 'files'), value);

describe('parseLockfile properties', () => {
  it('any text: an answer, never an exception', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => holds(text)));
  });

  it('any Pipfile.lock-shaped JSON', () => {
    const doc = fc.record({
      _meta: fc.record({ sources: fc.array(fc.dictionary(fc.constantFrom('name', 'url'), value)) }),
      default: fc.dictionary(fc.string(), entry),
    });
    fc.assert(fc.property(doc, (d) => holds(JSON.stringify(d))));
  });

  it('any uv.lock, poetry.lock or pylock.toml header over arbitrary key = value lines', () => {
    const header = fc.constantFrom(
      'version = 1\n[[package]]\n',
      '[[package]]\n[metadata]\nlock-version = "2.0"\n[[package]]\n',
      'lock-version = "1.0"\n[[packages]]\n',
    );
    const line = fc.tuple(
      fc.constantFrom('name', 'version', 'source', 'index', 'wheels'),
      fc.oneof(
        fc.string().map((s) => JSON.stringify(s)),
        fc.integer().map(String),
        fc.constant('{ registry = "https://pypi.org/simple" }'),
        fc.constant('[]'),
      ),
    );
    fc.assert(
      fc.property(header, fc.array(line, { maxLength: 6 }), (h, lines) => holds(h + lines.map(([k, v]) => `${k} = ${v}`).join('\n'))),
    );
  });
});
