// Links in the UI are built only from URLs that pass here: https, no credentials, a real host.

/** Returns the normalised URL when it is a plain https: URL, otherwise null. */
export function safeHttpsUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  if (!url.hostname.includes('.')) return null;
  return url.href;
}

/** Like safeHttpsUrl but also upgrades http: to https: (project links often say http://github.com/…). */
export function upgradeToHttps(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (/^http:\/\//i.test(trimmed)) return safeHttpsUrl(`https://${trimmed.slice(7)}`);
  return safeHttpsUrl(trimmed);
}
