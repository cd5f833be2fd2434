// PyPI's JSON API: the releases, and the facts most other tasks start from (the version to ask about,
// the latest release, PyPI's spelling of the name). Their hinted values come from the page or the request.
import { normalizePackageName } from '../../../lib/package-name';
import { fetchReleaseFacts } from '../../../sources/pypi-json';
import { type BuildContext, task } from '../facts';

export const releasesTask = task({
  id: 'releases',
  needs: [],
  run: (_, { http, request }) => fetchReleaseFacts(http, request.name, request.version),
});

/** The version the page shows, known before PyPI answers: what the early requests ask about. */
const shownVersion = ({ request, hints }: BuildContext) => request.version ?? hints()?.shownVersion;

export const versionTask = task({
  id: 'version',
  needs: ['releases'],
  hinted: (ctx) => shownVersion(ctx),
  run: ({ releases }) => (releases.state === 'ok' ? releases.data.viewedVersion : null),
});

export const latestVersionTask = task({
  id: 'latestVersion',
  needs: ['releases'],
  // The page shows the latest release unless its URL names a version.
  hinted: (ctx) => shownVersion(ctx),
  run: ({ releases }) => (releases.state === 'ok' ? releases.data.latestVersion : null),
});

export const projectNameTask = task({
  id: 'projectName',
  needs: ['releases'],
  hinted: ({ request }) => request.name,
  run: ({ releases }, { request }) => (releases.state === 'ok' ? releases.data.displayName : request.name),
});

export const packageTask = task({
  id: 'package',
  needs: ['releases'],
  run: ({ releases }, { request }) => {
    // Hints given with the request (not a promise of them): their version stands in when PyPI failed.
    const hinted = request.pageHints instanceof Promise ? undefined : request.pageHints?.shownVersion;
    return {
      name: releases.state === 'ok' ? releases.data.displayName : request.name,
      normalizedName: normalizePackageName(request.name),
      viewedVersion: releases.state === 'ok' ? releases.data.viewedVersion : (request.version ?? hinted ?? ''),
      latestVersion: releases.state === 'ok' ? releases.data.latestVersion : null,
    };
  },
});
