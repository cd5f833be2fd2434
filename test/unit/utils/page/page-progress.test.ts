// @vitest-environment happy-dom
// The project page reads its hints once the parser is past the sidebar, and renders the panel after the badge's frame.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, sidebarParsed } from '../../../../utils/page/page-progress';

/** A document the way the parser builds it: still loading, elements arriving one after another. */
function loadingDocument() {
  const doc = document.implementation.createHTMLDocument('');
  Object.defineProperty(doc, 'readyState', { value: 'loading', configurable: true });
  return doc;
}

function add(parent: Element, html: string): Element {
  parent.insertAdjacentHTML('beforeend', html);
  return parent.lastElementChild!;
}

/** Whether the promise has settled by the time queued tasks and mutation records have run. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

afterEach(() => {
  Reflect.deleteProperty(document, 'visibilityState');
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('sidebarParsed', () => {
  it('resolves at once on a page that has finished parsing', async () => {
    expect(document.readyState).not.toBe('loading');
    expect(await settled(sidebarParsed(document))).toBe(true);
  });

  it('waits while the sidebar is the last thing parsed, and resolves when the page continues after it', async () => {
    const doc = loadingDocument();
    const parsed = sidebarParsed(doc);
    add(doc.body, '<div class="banner"><h1>luigi 3.6.0</h1></div>');
    const main = add(doc.body, '<div class="columns"></div>');
    add(main, '<div class="vertical-tabs__tabs"><div class="sidebar-section">Navigation</div></div>');
    expect(await settled(parsed)).toBe(false);
    add(main, '<div class="project-description">the long description</div>');
    expect(await settled(parsed)).toBe(true);
  });

  it('waits for the title too: a sidebar alone is not the page it knows', async () => {
    const doc = loadingDocument();
    const parsed = sidebarParsed(doc);
    add(doc.body, '<div class="vertical-tabs__tabs"></div><div class="project-description"></div>');
    expect(await settled(parsed)).toBe(false);
    add(doc.body, '<div class="banner"><h1>luigi</h1></div>');
    expect(await settled(parsed)).toBe(true);
  });

  it('resolves at DOMContentLoaded on a page without the sidebar (another layout), and stops observing', async () => {
    const doc = loadingDocument();
    const parsed = sidebarParsed(doc);
    add(doc.body, '<main><h1>Something else</h1><p>text</p></main>');
    expect(await settled(parsed)).toBe(false);
    const disconnect = vi.spyOn(MutationObserver.prototype, 'disconnect');
    doc.dispatchEvent(new Event('DOMContentLoaded'));
    expect(await settled(parsed)).toBe(true);
    expect(disconnect).toHaveBeenCalled();
  });
});

describe('afterNextPaint', () => {
  it('in a visible tab: after the next animation frame, then a task (the frame is painted by then)', () => {
    vi.useFakeTimers();
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback));
    const task = vi.fn();
    afterNextPaint(task);
    vi.runAllTimers();
    expect(task).not.toHaveBeenCalled();
    expect(frames).toHaveLength(1);
    frames[0]!(0);
    expect(task).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('in a hidden tab (which paints no frame): a task right away, no animation frame', () => {
    vi.useFakeTimers();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    const frame = vi.spyOn(window, 'requestAnimationFrame');
    const task = vi.fn();
    afterNextPaint(task);
    expect(task).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(task).toHaveBeenCalledTimes(1);
    expect(frame).not.toHaveBeenCalled();
  });
});
