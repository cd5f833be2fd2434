// Build (Chrome + Firefox, zipped) and the sizes of what ships: content scripts and background,
// raw and gzip -9 (zlib), and the two store zips.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../test/support/fixtures';
import { single, type Figure } from './figures';

/** Content-script goal from the issue: what every pypi.org page pays for, gzipped. */
export const CONTENT_SCRIPT_GZ_GOAL = 60 * 1024;

/**
 * `wxt zip` builds first, so one zip per browser is the whole build. `outDir` other than `.output`
 * goes through WXT's JS API (the CLI has no flag for it): handy when someone else is building too.
 */
export function buildAndZip(outDir: string): void {
  for (const browser of ['chrome', 'firefox'] as const) {
    const started = Date.now();
    const args = outDir === '.output'
      ? ['wxt', 'zip', ...(browser === 'firefox' ? ['-b', 'firefox'] : [])]
      : null;
    const result = args
      ? spawnSync('npx', args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
      : spawnSync(process.execPath, ['-e',
        `import('wxt').then((m) => m.zip({ browser: ${JSON.stringify(browser)}, outDir: ${JSON.stringify(resolve(projectRoot, outDir))} }))` +
        '.catch((e) => { console.error(e); process.exit(1); })'],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(result.stdout ?? '');
      process.stderr.write(result.stderr ?? '');
      throw new Error(`wxt zip (${browser}) failed with exit ${result.status}`);
    }
    console.log(`  built and zipped ${browser} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Chunks a script pulls in with static `import` (Vite's shared chunks), transitively. */
function staticImports(file: string, root: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"();]*?from\s*)?["']([^"']+\.js)["']/g)) {
    const spec = match[1]!;
    const target = spec.startsWith('/') ? join(root, spec) : resolve(file, '..', spec);
    if (existsSync(target)) found.push(target, ...staticImports(target, root, seen));
  }
  return found;
}

export type SizeDetail = { file: string; raw: number; gzip: number };

export function measureSizes(outDir: string): { figures: Figure[]; details: SizeDetail[] } {
  const base = resolve(projectRoot, outDir);
  const chrome = join(base, 'chrome-mv3');
  const figures: Figure[] = [];
  const details: SizeDetail[] = [];
  if (!existsSync(join(chrome, 'manifest.json'))) {
    return { figures: [single('sizes', 'build', 'bytes', null, undefined, `no build at ${chrome}`)], details };
  }
  const detail = (file: string) => {
    const d = { file: relative(base, file), raw: statSync(file).size, gzip: gz(file) };
    details.push(d);
    return d;
  };

  const contentScripts = filesUnder(join(chrome, 'content-scripts')).filter((f) => f.endsWith('.js'));
  for (const script of contentScripts) {
    const own = detail(script);
    const chunks = staticImports(script, chrome).map(detail);
    const raw = own.raw + chunks.reduce((s, c) => s + c.raw, 0);
    const gzip = own.gzip + chunks.reduce((s, c) => s + c.gzip, 0);
    const name = relative(chrome, script);
    const note = chunks.length ? `includes ${chunks.length} statically imported chunk(s)` : undefined;
    figures.push(single('sizes', `${name} raw`, 'bytes', raw, undefined, note));
    figures.push(single('sizes', `${name} gzip -9`, 'bytes', gzip, { op: '<=', target: CONTENT_SCRIPT_GZ_GOAL }));
  }
  const css = filesUnder(join(chrome, 'content-scripts')).filter((f) => f.endsWith('.css'));
  for (const file of css) detail(file);

  const manifest = JSON.parse(readFileSync(join(chrome, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
  const sw = join(chrome, (manifest.background?.service_worker ?? 'background.js').replace(/^\.?\//, ''));
  if (existsSync(sw)) {
    const own = detail(sw);
    const chunks = staticImports(sw, chrome).map(detail);
    const lazy = filesUnder(join(chrome, 'chunks')).filter((f) => f.endsWith('.js') && !chunks.some((c) => c.file === relative(base, f)));
    lazy.forEach(detail);
    figures.push(single('sizes', 'background raw', 'bytes', own.raw + chunks.reduce((s, c) => s + c.raw, 0),
      undefined, chunks.length ? `with ${chunks.length} static chunk(s)` : undefined));
    figures.push(single('sizes', 'background gzip -9', 'bytes', own.gzip + chunks.reduce((s, c) => s + c.gzip, 0)));
    if (lazy.length) {
      figures.push(single('sizes', 'other chunks (gzip -9)', 'bytes', lazy.reduce((s, f) => s + gz(f), 0),
        undefined, `not loaded by the background or on pypi.org pages until asked for (extension pages, dynamic imports): ${lazy.map((f) => relative(chrome, f)).join(', ')}`));
    }
  }
  const zips = existsSync(base) ? readdirSync(base).filter((f) => f.endsWith('.zip')) : [];
  for (const browser of ['chrome', 'firefox']) {
    const zip = zips.filter((f) => f.endsWith(`-${browser}.zip`)).sort().at(-1);
    figures.push(single('sizes', `${browser} zip`, 'bytes', zip ? statSync(join(base, zip)).size : null,
      undefined, zip ? undefined : `no *-${browser}.zip in ${outDir}`));
  }
  return { figures, details };
}
