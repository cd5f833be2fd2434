// The only hosts the extension talks to (design §5). The manifest's host_permissions come from here.
export const UPSTREAM_HOSTS = [
  'pypi.org',
  'files.pythonhosted.org',
  'api.github.com',
  'raw.githubusercontent.com',
  'api.osv.dev',
  'api.deps.dev',
  'hugovk.github.io',
] as const;

export type UpstreamHost = (typeof UPSTREAM_HOSTS)[number];

export const UPSTREAM_HOST_PERMISSIONS = UPSTREAM_HOSTS.map((host) => `https://${host}/*`);
