// The toolbar popup: three views behind a keyboard-navigable tab list (WAI-ARIA tabs pattern).
// All views stay mounted, so a pasted requirements list survives a look at Settings.
import { useRef, useState } from 'preact/hooks';
import type { PopupApi } from './api';
import { PackageView } from './PackageView';
import { RequirementsView } from './RequirementsView';
import { SettingsView } from './SettingsView';

const VIEWS = [
  { id: 'package', label: 'Package' },
  { id: 'requirements', label: 'Requirements' },
  { id: 'settings', label: 'Settings' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

export function Popup({ api }: { api: PopupApi }) {
  const [active, setActive] = useState<ViewId>('package');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent, index: number) {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: VIEWS.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + VIEWS.length) % VIEWS.length;
    setActive(VIEWS[next]!.id);
    tabs.current[next]?.focus();
  }

  return (
    <div class="pp-popup">
      <header class="pp-header">
        <h1 class="pp-title">PyPI Trust Panel</h1>
        <div role="tablist" aria-label="Popup views" class="pp-tabs">
          {VIEWS.map((view, index) => (
            <button
              key={view.id}
              ref={(el) => {
                tabs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`pp-tab-${view.id}`}
              class="pp-tab"
              aria-selected={active === view.id}
              aria-controls={`pp-panel-${view.id}`}
              tabIndex={active === view.id ? 0 : -1}
              onClick={() => setActive(view.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              {view.label}
            </button>
          ))}
        </div>
      </header>
      <main>
        <div role="tabpanel" id="pp-panel-package" aria-labelledby="pp-tab-package" hidden={active !== 'package'}>
          <PackageView api={api} />
        </div>
        <div role="tabpanel" id="pp-panel-requirements" aria-labelledby="pp-tab-requirements" hidden={active !== 'requirements'}>
          <RequirementsView api={api} />
        </div>
        <div role="tabpanel" id="pp-panel-settings" aria-labelledby="pp-tab-settings" hidden={active !== 'settings'}>
          <SettingsView api={api} />
        </div>
      </main>
    </div>
  );
}
