// What a lockfile (or a hashed requirements line) says about one package beside its verdict: the
// index it names and the hashes it pins. Shown, not verified: pip and uv check hashes at install.
import type { CheckableRequirement } from '../../utils/lib/requirements';
import { groupDigits } from '../../utils/lib/numbers';
import { plural } from '../../utils/lib/words';

export function LockedFacts({ requirement }: { requirement: CheckableRequirement }) {
  const { source, hashCount } = requirement;
  const hashes = requirement.hashes ?? [];
  return (
    <>
      {source && (
        <span class="pp-source" data-fact="source">
          from {source}
        </span>
      )}
      {hashCount > 0 && hashes.length === 0 && (
        <span class="pp-note" data-fact="hashes">
          {plural(hashCount, '--hash option')}
        </span>
      )}
      {hashes.length > 0 && (
        <details class="pp-hashes" data-fact="hashes">
          <summary>{plural(hashCount, 'hash', 'hashes')}</summary>
          <ul>
            {hashes.map((hash) => (
              <li key={hash}>
                <code>{hash}</code>
              </li>
            ))}
          </ul>
          {hashCount > hashes.length && <p class="pp-note">and {groupDigits(hashCount - hashes.length)} more</p>}
        </details>
      )}
    </>
  );
}
