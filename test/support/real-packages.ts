// Real, benign Python packages packed at test time from what is installed on this machine (see
// pack_real_packages.py): the false-positive side of the code-scanner tests. Nothing is committed;
// the archives live in a temp folder for the test run only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './fixtures';

export type PackedPackage = {
  kind: 'wheel' | 'sdist';
  name: string;
  version: string;
  filename: string;
  path: string;
  /** The site-packages folder or source root it came from. */
  source: string;
};

/** Source trees of real projects (setup.py / pyproject.toml) that Debian packages and tools ship here. */
export const SDIST_ROOTS = [
  '/usr/lib/google-cloud-sdk/platform/gsutil/third_party',
  '/usr/lib/google-cloud-sdk/platform',
  '/usr/lib/llvm-14/build/utils',
  '/usr/lib/node_modules/npm/node_modules/node-gyp',
];

/** Larger installs (scipy, numpy, botocore) add minutes of packing and nothing new about .pth or setup.py. */
export const MAX_PACKAGE_BYTES = 16 * 1024 * 1024;

export function packRealPackages(): { packages: PackedPackage[]; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'real-python-packages-'));
  const script = join(projectRoot, 'test', 'support', 'pack_real_packages.py');
  const roots = SDIST_ROOTS.filter((root) => existsSync(root));
  try {
    const out = execFileSync('python3', [script, dir, String(MAX_PACKAGE_BYTES), ...roots], {
      encoding: 'utf8',
      maxBuffer: 32 * 1024 * 1024,
      timeout: 300_000,
    });
    return { packages: JSON.parse(out) as PackedPackage[], dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Packing the machine's Python packages failed (python3 is on every machine of this kind): ${String(error)}`, {
      cause: error,
    });
  }
}
