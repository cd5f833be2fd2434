// The import rules of ../shared/DESIGN.md §2, checked in `npm test` (`npm run deps`). One rule per row of the
// table ("may import"), then the "never" list. A new folder gets a row in the design first, then a rule here.
const layer = (name) => `^utils/${name}/`;

/** `from` may import only the folders listed (plus itself and npm packages). */
function onlyMay(name, from, allowed) {
  return {
    name,
    comment: `DESIGN §2: ${from} may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'}`,
    severity: 'error',
    from: { path: from },
    to: {
      path: '^(utils|components|entrypoints)/',
      pathNot: [from, ...allowed],
    },
  };
}

module.exports = {
  forbidden: [
    onlyMay('lib-is-a-leaf', layer('lib'), []),
    onlyMay('contract-imports-lib', layer('contract'), [layer('lib')]),
    onlyMay('page-imports-contract-lib', layer('page'), [layer('contract'), layer('lib')]),
    onlyMay('sources-import-contract-lib', layer('sources'), [layer('contract'), layer('lib')]),
    onlyMay('analysis-imports-contract-lib', layer('analysis'), [layer('contract'), layer('lib')]),
    onlyMay('trust-imports-contract-lib', layer('trust'), [layer('contract'), layer('lib')]),
    onlyMay('background-not-page', layer('background'), [
      layer('contract'),
      layer('lib'),
      layer('sources'),
      layer('analysis'),
      layer('trust'),
    ]),
    onlyMay('components-render-contract-only', '^components/', [layer('contract'), layer('lib')]),
    // The "never" list, stated again so that a violation names the rule a reader knows.
    {
      name: 'never-sources-to-analysis',
      comment: 'DESIGN §2: never sources/ ↔ analysis/ (a build task composes them)',
      severity: 'error',
      from: { path: layer('sources') },
      to: { path: layer('analysis') },
    },
    {
      name: 'never-analysis-to-sources',
      comment: 'DESIGN §2: never sources/ ↔ analysis/ (analysis is pure: no I/O)',
      severity: 'error',
      from: { path: layer('analysis') },
      to: { path: layer('sources') },
    },
    {
      name: 'never-trust-to-analysis-or-sources',
      comment: 'DESIGN §2: trust rules read contract facts only',
      severity: 'error',
      from: { path: layer('trust') },
      to: { path: `${layer('analysis')}|${layer('sources')}` },
    },
    {
      name: 'never-lower-to-background',
      comment: 'DESIGN §2: a lower layer never imports background/',
      severity: 'error',
      from: { path: '^(utils/(contract|lib|page|sources|analysis|trust)|components)/' },
      to: { path: layer('background') },
    },
    {
      name: 'never-to-entrypoints',
      comment: 'entrypoints/ are wiring: nothing imports them',
      severity: 'error',
      from: { path: '^(utils|components)/' },
      to: { path: '^entrypoints/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be read (or tested) one at a time',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)\\.wxt/|\\.output/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // `?inline` CSS imports are Vite's: resolve them as the file.
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.css'] },
  },
};
