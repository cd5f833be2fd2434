import { day, daysBetween, finding, okData, projectPage, versionPage } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule } from '../types';

const ID = 'ownership-drift';
const TAKEOVER_WINDOW_DAYS = 14;

/** New owners followed quickly by a release is the account-takeover pattern. */
export const ownershipDrift: Rule = {
  id: ID,
  title: 'Maintainers changed since you last looked',
  rationale:
    'Hijacked projects gain a new owner and publish soon after; this browser remembers who owned each project you viewed (locally) to notice it.',
  thresholds: [
    {
      name: 'TAKEOVER_WINDOW_DAYS',
      value: TAKEOVER_WINDOW_DAYS,
      unit: 'days',
      reason: 'a release within two weeks of a new owner is how hijacked accounts ship malware',
    },
  ],
  evaluate(input) {
    const drift = okData(input.identity)?.ownership;
    const previous = drift?.previous;
    if (!drift || !previous) return [];
    const changes = [
      drift.added.length > 0 ? `added ${drift.added.map((r) => `${r.user} (${r.role})`).join(', ')}` : '',
      drift.removed.length > 0 ? `removed ${drift.removed.map((r) => `${r.user} (${r.role})`).join(', ')}` : '',
      drift.organizationChanged
        ? `organization ${drift.organizationChanged.from ?? 'none'} → ${drift.organizationChanged.to ?? 'none'}`
        : '',
    ].filter(Boolean);
    if (changes.length === 0) return [];
    // The owner was added after `previous.seenAt`, so a release this soon after that visit followed it within the window.
    const quick = drift.releasesSince.find((r) => (daysBetween(previous.seenAt, r.uploadedAt) ?? Infinity) <= TAKEOVER_WINDOW_DAYS);
    const takeover = drift.added.length > 0 && quick !== undefined;
    const releases =
      drift.releasesSince.length > 0
        ? `${plural(drift.releasesSince.length, 'release')} since then (${drift.releasesSince.map((r) => `${r.version} on ${day(r.uploadedAt)}`).join(', ')}).`
        : 'No release since then.';
    const detail =
      `Since you last looked on ${day(previous.seenAt)}: ${changes.join('; ')}. ${releases}` +
      (takeover
        ? ` A new owner followed by a release within ${TAKEOVER_WINDOW_DAYS} days is the account-takeover pattern: check the release before installing.`
        : ' Ownership changes are usually routine; this browser remembered the earlier owners locally.');
    return [
      finding(
        input,
        ID,
        takeover ? 'caution' : 'info',
        takeover ? `New owner, then release ${quick!.version} within days` : 'Maintainers changed since you last looked',
        detail,
        [
          { label: 'Current owners (PyPI JSON)', url: `https://pypi.org/pypi/${encodeURIComponent(input.package.normalizedName)}/json` },
          quick ? versionPage(input, quick.version) : null,
          projectPage(input),
        ],
      ),
    ];
  },
};
