// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true,"disableIframePageLoading":true,"disableCSSFileLoading":true,"disableJavaScriptFileLoading":true,"disableJavaScriptEvaluation":true}}
// pypi.org's 404 page (where a removed project's URL leads) against the recorded pages.
import { describe, expect, it } from 'vitest';
import { findNotFoundAnchor, isNotFoundPage } from '../../../../utils/page/pypi-page';
import { readRecordedText } from '../../../support/fixtures';

// The 404 page embeds a YouTube iframe; happy-dom logs an error for every iframe it may not load.
const page = (file: string) =>
  new DOMParser().parseFromString(readRecordedText(`pypi.org/html/${file}`).replace(/<iframe[^>]*>[\s\S]*?<\/iframe>/g, ''), 'text/html');

describe('isNotFoundPage', () => {
  it('recognises the recorded 404 page, by title and by its "Error code 404" text', () => {
    const doc = page('404-page-not-found.2021.html');
    expect(isNotFoundPage(doc)).toBe(true);
    doc.title = 'Something else';
    expect(isNotFoundPage(doc)).toBe(true);
  });

  it.each([
    'reconstructed-project-luigi.html',
    'reconstructed-project-luigi.2024-layout.html',
    'project-tennis-0.1.2.2023-saved.html',
    'reconstructed-project-version-black-21.11b0-yanked.html',
    'search-bot-challenge.2025.html',
  ])('is false for %s', (file) => {
    expect(isNotFoundPage(page(file))).toBe(false);
  });
});

describe('findNotFoundAnchor', () => {
  it('puts the banner above the first section of the 404 page', () => {
    const place = findNotFoundAnchor(page('404-page-not-found.2021.html'));
    expect(place?.append).toBe('before');
    expect(place?.anchor.className).toBe('viewport-section viewport-section--dark');
  });
});
