// The wheel's own Requires-Dist, read by the code scan from `<name>-<version>.dist-info/METADATA` while it
// has the archive open: only this release's METADATA, within the archive's caps.
import { describe, expect, it } from 'vitest';
import { scanDistribution } from '../../../../../utils/analysis/code-scan';
import { MAX_ENTRY_BYTES } from '../../../../../utils/analysis/code-scan/archive';
import { metaFor, syntheticWheel, syntheticSdist } from './synthetic-archives';

const METADATA = [
  'Metadata-Version: 2.1',
  'Name: demo-pkg',
  'Version: 2.0.1',
  'Requires-Dist: requests (>=2.31)',
  "Requires-Dist: pytest ; extra == 'test'",
  '',
  'Requires-Dist: from-the-description',
].join('\n');
const WHEEL = 'demo_pkg-2.0.1-py3-none-any.whl';

const scanWheel = (files: Record<string, string>, version = '2.0.1') =>
  scanDistribution(syntheticWheel(files), metaFor(WHEEL, 'demo-pkg', version)).then((s) => s.distribution);

describe('the code scan reads a wheel’s METADATA Requires-Dist', () => {
  it('keeps the lines as written, with the path they came from', async () => {
    const scanned = await scanWheel({ 'demo_pkg/__init__.py': '', 'demo_pkg-2.0.1.dist-info/METADATA': METADATA });
    expect(scanned.requiresDist).toEqual({
      path: 'demo_pkg-2.0.1.dist-info/METADATA',
      lines: ['requests (>=2.31)', "pytest ; extra == 'test'"],
      truncated: false,
    });
    // METADATA is read for the requirements, not listed as code that was checked.
    expect(scanned.checkedPaths).not.toContain('demo_pkg-2.0.1.dist-info/METADATA');
  });

  it("says nothing when the METADATA is not this release's: another version, another name, or two of them", async () => {
    expect((await scanWheel({ 'demo_pkg-2.0.1.dist-info/METADATA': METADATA }, '2.0.2')).requiresDist).toBeNull();
    const other = METADATA.replace('Name: demo-pkg', 'Name: other-pkg');
    expect((await scanWheel({ 'demo_pkg-2.0.1.dist-info/METADATA': other })).requiresDist).toBeNull();
    const two = { 'demo_pkg-2.0.1.dist-info/METADATA': METADATA, 'Demo.Pkg-2.0.1.dist-info/METADATA': METADATA };
    expect((await scanWheel(two)).requiresDist).toBeNull();
    expect((await scanWheel({ 'demo_pkg/__init__.py': '' })).requiresDist).toBeNull();
  });

  it('a METADATA larger than the per-file cap is not read at all', async () => {
    const huge = `${METADATA.split('\n\n')[0]}\nX-Filler: ${'y'.repeat(MAX_ENTRY_BYTES)}\n`;
    expect((await scanWheel({ 'demo_pkg-2.0.1.dist-info/METADATA': huge })).requiresDist).toBeNull();
  });

  it('an sdist carries no requiresDist (its PKG-INFO is not what pip installs from a wheel)', async () => {
    const sdist = await syntheticSdist('demo-pkg', '2.0.1', {
      'PKG-INFO': METADATA,
      'setup.py': 'from setuptools import setup\nsetup()\n',
    });
    const scan = await scanDistribution(sdist, metaFor('demo-pkg-2.0.1.tar.gz', 'demo-pkg', '2.0.1'));
    expect(scan.distribution.requiresDist).toBeUndefined();
  });
});
