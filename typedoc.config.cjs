// `npm run docs`: the API reference (TypeDoc HTML) in docs/api/, one entry point for each
// subpath of the package (scripts/write-esm-entry.cjs lists them) whose source exists.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { SUBPATHS } = require('./scripts/write-esm-entry.cjs');

const entryPoints = SUBPATHS.map(({ dir }) => path.posix.join('src', dir, 'index.ts')).filter(
  (file) => fs.existsSync(path.join(__dirname, file)),
);

/** @type {Partial<import('typedoc').TypeDocOptions>} */
module.exports = {
  name: 'bsd-sockets',
  entryPoints,
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  readme: 'none',
  plugin: ['./scripts/typedoc-man-pages.mjs'],
  highlightLanguages: ['c', 'typescript', 'javascript', 'sh', 'json'],
  excludePrivate: true,
  excludeInternal: true,
  sort: ['source-order'],
  validation: { notExported: false, invalidLink: true, notDocumented: false },
};
