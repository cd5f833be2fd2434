// The code checks of the viewed version: its sdist and one wheel downloaded (sources/files) and scanned
// (analysis/code-scan). Never on the verdict's path: a page asks for them after its report.
import { dependsOn, releasesError, task } from '../facts';
import { scanReleaseCode } from '../code-scan';
import type { DistributionFile } from '../../../contract/report';
import { filesForVersion, type SimpleFile } from '../../../sources/pypi-simple';
import { fetchReleaseFacts } from '../../../sources/pypi-json';

export const codeTask = task({
  id: 'code',
  needs: ['releases', 'package', 'simple'],
  enabled: ({ request }) => request.code !== undefined,
  whenOff: () => null,
  run: ({ releases, package: pkg, simple }, { http, request, now, scanner }) => {
    if (!pkg.viewedVersion) return null;
    if (releases.state !== 'ok') return request.code?.mode === 'wait' ? dependsOn(releasesError(releases)) : null;
    const files = releases.data.files;
    return scanReleaseCode(
      http,
      {
        name: request.name,
        version: pkg.viewedVersion,
        files,
        allowLarge: request.code?.allowLarge ?? false,
        // The previous release's files: from the Simple index when it loaded (no extra request), else its version JSON.
        history: {
          releases: releases.data.releases,
          filesOf: async (v: string) => {
            if (simple.state === 'ok') return filesForVersion(simple.data, v).flatMap(toDistributionFile);
            const previous = await fetchReleaseFacts(http, request.name, v);
            return previous.state === 'ok' ? previous.data.files : [];
          },
        },
      },
      now,
      scanner,
    );
  },
});

/** A Simple-index file as the code scan takes it; none without an https URL. */
function toDistributionFile(file: SimpleFile): DistributionFile[] {
  if (!file.url) return [];
  const lower = file.filename.toLowerCase();
  const packageType = lower.endsWith('.whl') ? 'bdist_wheel' : /\.(?:tar\.gz|tgz|zip|tar\.bz2|tar\.xz)$/.test(lower) ? 'sdist' : 'other';
  return [
    {
      filename: file.filename,
      url: file.url,
      packageType,
      sha256: file.sha256,
      size: file.size,
      uploadedAt: file.uploadedAt,
      yanked: file.yanked,
    },
  ];
}
