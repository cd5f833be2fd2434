// The code checks of the viewed version: its sdist and one wheel downloaded (sources/files) and scanned
// (analysis/code-scan). Never on the verdict's path: a page asks for them after its report.
import { dependsOn, releasesError, task } from '../facts';
import { scanReleaseCode } from '../code-scan';

export const codeTask = task({
  id: 'code',
  needs: ['releases', 'package'],
  enabled: ({ request }) => request.code !== undefined,
  whenOff: () => null,
  run: ({ releases, package: pkg }, { http, request, now }) => {
    if (!pkg.viewedVersion) return null;
    if (releases.state !== 'ok') return request.code?.mode === 'wait' ? dependsOn(releasesError(releases)) : null;
    const files = releases.data.files;
    return scanReleaseCode(
      http,
      { name: request.name, version: pkg.viewedVersion, files, allowLarge: request.code?.allowLarge ?? false },
      now,
    );
  },
});
