// The link to a scanned file on inspector.pypi.io, alone in its file: the background builds it for a scan that did
// not finish without evaluating the scanner (and its inflate tables) at start.
import { normalizePackageName } from '../../lib/package-name';
import { safeHttpsUrl } from '../../lib/safe-url';

/**
 * The file on inspector.pypi.io: /project/<name>/<version>/<path of the files.pythonhosted.org URL>/,
 * the scheme its own pages and PyPI's file-details links use. Null for any other host.
 */
export function inspectorFileUrl(meta: { url: string; project: string; version: string }): string | null {
  let url: URL;
  try {
    url = new URL(meta.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== 'files.pythonhosted.org' || !url.pathname.startsWith('/packages/')) return null;
  const project = encodeURIComponent(normalizePackageName(meta.project));
  return safeHttpsUrl(
    `https://inspector.pypi.io/project/${project}/${encodeURIComponent(meta.version)}${url.pathname.replace(/\/+$/, '')}/`,
  );
}

/** A path (and line) inside that file's page. */
export function inspectorEntryUrl(base: string | null, path: string | null, line: number | null): string | null {
  if (!base || !path) return base;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return safeHttpsUrl(`${base}${encoded}${line ? `#line.${line}` : ''}`);
}
