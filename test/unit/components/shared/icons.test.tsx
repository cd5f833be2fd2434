// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ICON_PARTS, Icon, type IconName, LEVEL_ICONS, levelIcon } from '../../../../components/shared/icons';
import { LevelTag } from '../../../../components/shared/format';
import { VERDICT_LEVELS } from '../../../../utils/contract/levels';
import type { VerdictLevel } from '../../../../utils/contract/report';

afterEach(cleanup);

/** The drawing of an icon without the attributes that name it: two icons that draw alike would look alike. */
function drawing(svg: Element): string {
  return [...svg.children].map((child) => child.outerHTML).join('');
}

/** Any character a font must supply other than letters, digits, spaces and ASCII punctuation. */
const FONT_GLYPH = /[^\p{L}\p{N}\s\p{P}]|[\u2190-\u2BFF\u2460-\u24FF]/u;

describe('Icon', () => {
  it('draws with currentColor only, hidden from screen readers, sized to the text', () => {
    const { container } = render(<Icon name="warning" />);
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('class')).toBe('tp-icon');
    expect(svg.getAttribute('data-icon')).toBe('warning');
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.getAttribute('focusable')).toBe('false');
    expect(svg.getAttribute('viewBox')).toBe('0 0 16 16');
    expect([svg.getAttribute('width'), svg.getAttribute('height')]).toEqual(['1em', '1em']);
    expect(svg.getAttribute('stroke')).toBe('currentColor');
    expect(svg.getAttribute('fill')).toBe('none');
    // The triangle, the bar of the "!" and its dot.
    expect([...svg.children].map((c) => c.tagName.toLowerCase())).toEqual(['path', 'path', 'circle']);
    expect(svg.textContent).toBe('');
  });

  it('names no colour of its own: every fill and stroke is none or currentColor (forced colours repaint them)', () => {
    for (const parts of Object.values(ICON_PARTS)) {
      for (const part of parts) {
        for (const key of ['fill', 'stroke'] as const) {
          if (part.attrs[key] !== undefined) expect(['none', 'currentColor']).toContain(part.attrs[key]);
        }
      }
    }
  });

  it('draws every icon differently', () => {
    const names = Object.keys(ICON_PARTS) as IconName[];
    expect(names).toEqual(['check', 'info', 'question', 'warning', 'cross', 'pending', 'dash']);
    const drawings = names.map((name) => {
      const { container } = render(<Icon name={name} />);
      return drawing(container.querySelector('svg')!);
    });
    expect(new Set(drawings).size).toBe(names.length);
  });
});

describe('levels', () => {
  it('gives each of the five levels its own shape, and loading another', () => {
    expect(LEVEL_ICONS).toEqual({ good: 'check', info: 'info', unknown: 'question', caution: 'warning', danger: 'cross' });
    expect(levelIcon('loading')).toBe('pending');
    expect(levelIcon('nonsense' as VerdictLevel)).toBe('question');
  });

  it.each<[VerdictLevel, string, IconName]>([
    ['good', 'Good', 'check'],
    ['info', 'Note', 'info'],
    ['unknown', 'Not checked', 'question'],
    ['caution', 'Caution', 'warning'],
    ['danger', 'Danger', 'cross'],
  ])('LevelTag %s: the %s word beside the %s shape, and no font glyph', (level, word, icon) => {
    const { container } = render(<LevelTag level={level} word={word} />);
    const tag = container.querySelector('.tp-tag')!;
    expect(tag.className).toBe(`tp-tag tp-level--${level}`);
    expect(tag.querySelector('svg')!.getAttribute('data-icon')).toBe(icon);
    expect(tag.textContent).toBe(` ${word}`);
    expect(tag.textContent).not.toMatch(FONT_GLYPH);
  });

  it('renders a distinct drawing for every verdict level', () => {
    const drawings = VERDICT_LEVELS.map((level) => {
      const { container } = render(<LevelTag level={level} word="x" />);
      return drawing(container.querySelector('svg')!);
    });
    expect(new Set(drawings).size).toBe(VERDICT_LEVELS.length);
  });

  it("draws the level's own shape unless another icon is named, never a glyph as text", () => {
    const { container } = render(
      <>
        <LevelTag level="danger" word="Known malicious package" />
        <LevelTag level="caution" word="Compromised release" />
        <LevelTag level="good" word="None known" />
        <LevelTag level="unknown" icon="pending" word="Checking" />
      </>,
    );
    const icons = [...container.querySelectorAll('svg')].map((svg) => svg.getAttribute('data-icon'));
    expect(icons).toEqual([levelIcon('danger'), levelIcon('caution'), levelIcon('good'), 'pending']);
    expect(new Set(icons.slice(0, 3)).size).toBe(3);
    expect(container.textContent).toBe(' Known malicious package Compromised release None known Checking');
  });
});
