// The extension's own icon (toolbar, extensions page, store): the sizes the manifest lists and where each PNG is.
// The manifest (wxt.config.ts), the script that draws them (scripts/render-icons.ts) and the manifest test read these.

/** 16 and 32: the toolbar at 1× and 2×; 48: the extensions page; 96 and 128: install dialogs and the stores. */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

/** The PNG's path inside `public/` and so inside the built extension. */
export function iconPath(size: number): string {
  return `icon/${size}.png`;
}

/** The manifest's `icons` (and the toolbar button's `default_icon`): size → path. */
export function manifestIcons(): Record<string, string> {
  return Object.fromEntries(ICON_SIZES.map((size) => [String(size), iconPath(size)]));
}
