// Least privilege (issue 10): the built manifests (Chrome MV3, Firefox MV2) ask for `storage` (and `activeTab` if the
// popup needs it) and the exact upstream hosts, nothing else. Any new permission, host, content-script match or
// externally reachable surface fails here until the snapshot (test/fixtures/manifest-permissions.json) is updated
// on purpose — with the reason in the README. The snapshot also holds the extension's icons and its toolbar button
// (`action` in MV3, `browser_action` in MV2), whose files must be in the build at their sizes.
// Runs in the e2e project because it reads the build output.
// Update: UPDATE_MANIFEST_SNAPSHOT=1 npx vitest run --project e2e test/e2e/manifest.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_HOST_PERMISSIONS } from '../../utils/contract/hosts';
import { ICON_SIZES, manifestIcons } from '../../utils/contract/extension-icons';
import { projectFixturePath, projectRoot } from '../support/fixtures';

type Manifest = Record<string, unknown> & {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[]; exclude_matches?: string[]; all_frames?: boolean; world?: string }[];
  web_accessible_resources?: (string | { resources: string[]; matches?: string[]; extension_ids?: string[] })[];
  content_security_policy?: unknown;
  icons?: Record<string, string>;
  action?: { default_title?: string; default_icon?: Record<string, string> };
  browser_action?: { default_title?: string; default_icon?: Record<string, string> };
};

const BUILDS = { chrome: '.output/chrome-mv3', firefox: '.output/firefox-mv2' } as const;
const SNAPSHOT = projectFixturePath('manifest-permissions.json');
/**
 * Browser API permissions we may ever hold (design §5; each justified in the README and docs/hardening.md). webRequest:
 * a non-blocking listener on project-page navigations; webRequestBlocking is never allowed.
 */
const ALLOWED_API_PERMISSIONS = new Set(['storage', 'activeTab', 'offscreen', 'webRequest']);

function readManifest(build: string): Manifest {
  const path = join(projectRoot, build, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} missing: build first (npx wxt build && npx wxt build -b firefox)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** Everything in a manifest that grants reach: permissions, hosts, where scripts run, who may talk to us. */
function privileges(m: Manifest) {
  const all = [...(m.permissions ?? []), ...(m.host_permissions ?? [])];
  const isHost = (p: string) => p.includes('://') || p === '<all_urls>';
  return {
    manifest_version: m.manifest_version,
    apiPermissions: all.filter((p) => !isHost(p)).sort(),
    hosts: all.filter(isHost).sort(),
    optional: [...(m.optional_permissions ?? []), ...(m.optional_host_permissions ?? [])].sort(),
    contentScripts: (m.content_scripts ?? []).map((c) => ({
      matches: c.matches ?? [],
      ...(c.exclude_matches ? { exclude_matches: c.exclude_matches } : {}),
      ...(c.all_frames ? { all_frames: true } : {}),
      ...(c.world ? { world: c.world } : {}),
    })),
    webAccessibleResources: (m.web_accessible_resources ?? []).map((w) =>
      typeof w === 'string' ? { resources: [w], matches: ['(MV2: any page)'] } : { resources: w.resources, matches: w.matches ?? [] },
    ),
    externallyConnectable: m.externally_connectable ?? null,
    contentSecurityPolicy: m.content_security_policy ?? null,
    backgroundPersistent: (m.background as { persistent?: boolean } | undefined)?.persistent ?? null,
  };
}

/** How the extension shows itself: its icons, and which toolbar button key holds what. */
function presentation(m: Manifest) {
  const key = m.action ? 'action' : m.browser_action ? 'browser_action' : null;
  const button = key ? m[key] : undefined;
  return {
    icons: m.icons ?? null,
    toolbarButton: key ? { key, defaultTitle: button?.default_title ?? null, defaultIcon: button?.default_icon ?? null } : null,
  };
}

function snapshotOf(build: string) {
  const manifest = readManifest(build);
  return { ...privileges(manifest), ...presentation(manifest) };
}

const current = { chrome: snapshotOf(BUILDS.chrome), firefox: snapshotOf(BUILDS.firefox) };

/** A PNG's width and height, from its IHDR chunk (bytes 16–23). */
function pngSize(path: string): [number, number] | null {
  const bytes = readFileSync(path);
  if (bytes.length < 24 || bytes.toString('latin1', 1, 4) !== 'PNG' || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('built manifests grant only what the design allows', () => {
  it('match the committed snapshot exactly (a new permission, host or match fails)', () => {
    if (process.env.UPDATE_MANIFEST_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
    const snapshot: unknown = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
    expect(current).toEqual(snapshot);
  });

  it.each(Object.keys(BUILDS) as (keyof typeof BUILDS)[])(
    '%s: storage (+ activeTab; offscreen in Chrome) and exactly the upstream hosts',
    (browser) => {
      const p = current[browser];
      for (const permission of p.apiPermissions) expect(ALLOWED_API_PERMISSIONS, `permission "${permission}"`).toContain(permission);
      expect(p.apiPermissions).toContain('storage');
      expect(p.apiPermissions).not.toContain('tabs');
      // offscreen (no install warning) hosts the code-scan worker in Chrome only: an MV3 service worker cannot start
      // one; Firefox's background page can, so its build does without.
      if (browser === 'firefox') expect(p.apiPermissions).not.toContain('offscreen');
      expect(p.hosts).toEqual([...UPSTREAM_HOST_PERMISSIONS].sort());
      for (const host of p.hosts) expect(host).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\/\*$/); // no wildcard host, no http:
      expect(p.optional).toEqual([]);
      expect(p.externallyConnectable).toBeNull();
    },
  );

  it.each(Object.keys(BUILDS) as (keyof typeof BUILDS)[])('%s: every icon and the toolbar button’s, a PNG of its size', (browser) => {
    const p = current[browser];
    expect(p.icons).toEqual(manifestIcons());
    expect(p.toolbarButton).toEqual({
      key: browser === 'chrome' ? 'action' : 'browser_action',
      defaultTitle: 'PyPI Trust Panel',
      defaultIcon: manifestIcons(),
    });
    for (const size of ICON_SIZES) {
      const file = join(projectRoot, BUILDS[browser], manifestIcons()[String(size)]!);
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file), file).toEqual([size, size]);
    }
  });

  it.each(Object.keys(BUILDS) as (keyof typeof BUILDS)[])('%s: scripts run on pypi.org pages only, in their own world', (browser) => {
    const p = current[browser];
    expect(p.contentScripts.length).toBeGreaterThan(0);
    for (const script of p.contentScripts) {
      for (const match of script.matches) expect(match).toMatch(/^https:\/\/pypi\.org\/[a-z]+\/\*$/);
      expect(script.world ?? 'ISOLATED').toBe('ISOLATED');
    }
    for (const resource of p.webAccessibleResources) {
      for (const file of resource.resources) expect(file).toMatch(/\.css$/); // no script is reachable by pages
    }
    // The default CSP (no eval, no remote script) applies unless a policy is set; none may loosen it.
    const csp = JSON.stringify(p.contentSecurityPolicy ?? '');
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it.each(Object.keys(BUILDS) as (keyof typeof BUILDS)[])(
    '%s: the scan worker holds the scanner only: no zod schema, no panel, no network or storage',
    (browser) => {
      const bundle = readFileSync(join(projectRoot, BUILDS[browser], 'scan-worker.js'), 'utf8');
      // The markers are checked on the background's bundle too, so a marker that stops meaning anything fails here.
      const background = readFileSync(join(projectRoot, BUILDS[browser], 'background.js'), 'utf8');
      for (const marker of ['_zod', 'trust-panel', 'indexedDB', 'fetch(']) {
        expect(background, `background.js has ${marker}`).toContain(marker);
        expect(bundle, `scan-worker.js has ${marker}`).not.toContain(marker);
      }
      expect(bundle).toContain('pypi-trust-connect-scan-worker');
    },
  );
});
