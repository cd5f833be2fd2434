// Synthetic distributions built in the test (never committed as files): .tar.gz sdists with modern-tar
// and fflate, wheels with fflate's zip. The payloads reproduce patterns from published malicious-package
// write-ups; the base64 in them decodes to harmless text.
import { gzipSync, strToU8, zipSync } from 'fflate';
import { packTar } from 'modern-tar';
import type { DistributionMeta } from '../../../../../utils/analysis/code-scan';

export type Files = Record<string, string | Uint8Array>;

const bytes = (body: string | Uint8Array) => (typeof body === 'string' ? strToU8(body) : body);

/** A .tar.gz sdist: every path is put under "<name>-<version>/" as setuptools does. */
export async function syntheticSdist(name: string, version: string, files: Files): Promise<Uint8Array> {
  const entries = Object.entries(files).map(([path, body]) => {
    const data = bytes(body);
    return { header: { name: `${name}-${version}/${path}`, size: data.length }, body: data };
  });
  return gzipSync(await packTar(entries));
}

/** A wheel: paths as given (dist-info and data folders included by the caller when needed). */
export function syntheticWheel(files: Files): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, body]) => [path, bytes(body)])));
}

export function metaFor(filename: string, project: string, version: string, size = 0): DistributionMeta {
  return {
    filename,
    url: `https://files.pythonhosted.org/packages/ab/cd/0123456789abcdef/${filename}`,
    packageType: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    sha256: null,
    size,
    project,
    version,
  };
}

/** base64 of harmless text, standing in for the encoded second stage of the published samples. */
export const HARMLESS_B64 = Buffer.from("print('synthetic payload: this would have been the malware')").toString('base64');

/**
 * The install-hook pattern of many OSSF malicious-packages reports and vendor write-ups (Checkmarx,
 * Phylum, Sonatype, 2022–2024): a cmdclass "install" override that runs a base64-decoded stage.
 */
export const INSTALL_HOOK_SETUP_PY = `from setuptools import setup, find_packages
from setuptools.command.install import install
import base64
import os


class PostInstallCommand(install):
    """Post-installation for installation mode."""

    def run(self):
        install.run(self)
        exec(base64.b64decode("${HARMLESS_B64}"))


setup(
    name="synthetic-stealer",
    version="1.0.0",
    packages=find_packages(),
    cmdclass={"install": PostInstallCommand},
)
`;

/**
 * The W4SP-stealer style line (2022 write-ups): the payload sits after hundreds of blanks on the same
 * line as setup(), off the right edge of any editor, and reaches exec through __import__('builtins').
 */
export const HIDDEN_LINE_SETUP_PY = `from setuptools import setup

setup(name="synthetic-w4sp", version="0.0.1", packages=["synthetic_w4sp"])${' '.repeat(300)};__import__('builtins').exec(__import__('builtins').compile(__import__('base64').b64decode("${HARMLESS_B64}"),'<string>','exec'))
`;

/**
 * A .pth that starts a second process running a decoded stage at every interpreter start: the shape of
 * the 2026 litellm release's litellm_init.pth (PYSEC-2026-2), payload replaced with harmless text.
 */
export const STARTUP_PTH = `import os, subprocess, sys; subprocess.Popen([sys.executable, "-c", "import base64; exec(base64.b64decode('${HARMLESS_B64}'))"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n`;

/** setuptools' own distutils-precedence.pth, as in setuptools 65 (the version on these machines). */
export const SETUPTOOLS_PTH =
  "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n";
