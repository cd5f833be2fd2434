// How far the page has got: parsed past its sidebar (its hints can be read), painted a frame (the badge is on screen).
import { fileListParsed, findAnchors, isParsedPast } from './pypi-page';

/**
 * Resolves once the page's title and sidebar are parsed (the parser has moved past the sidebar) and, in the 2026
 * layout, the file panels that follow it (see fileListParsed), or at
 * DOMContentLoaded when that never happens (another page, another layout); at once if already parsed.
 */
export function sidebarParsed(doc: Document = document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      doc.removeEventListener('DOMContentLoaded', done);
      resolve();
    };
    const check = () => {
      const anchors = findAnchors(doc);
      if (anchors && isParsedPast(anchors.sidebar) && fileListParsed(doc, anchors.sidebar)) done();
    };
    const observer = new MutationObserver(check);
    observer.observe(doc, { childList: true, subtree: true });
    doc.addEventListener('DOMContentLoaded', done);
    check();
  });
}

/** Runs `task` once the current frame has been painted (right away in a hidden tab, which paints none). */
export function afterNextPaint(task: () => void, doc: Document = document): void {
  if (doc.visibilityState !== 'visible') {
    setTimeout(task, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(task, 0));
}
