#!/usr/bin/env node
// Runs after tsc (npm run build:ts, npm run bench): removes from each CommonJS module of
// dist/ the statement by which tsc declares its exports before its body runs,
//
//     exports.ADDRLEN_GIVEN = exports.ADDR_GIVEN = void 0;
//
// so that each exported const is written once, by its own `exports.ADDR_GIVEN = 1;`.
//
// Why: tsc compiles `import { ARGS } from './scratch'` to `scratch_1.ARGS`, a property
// load at every use. V8 folds such a load into the optimised code as a constant when the
// field was written once (a "const field"); the `void 0` first write makes every export a
// mutable field instead, loaded and checked at each call. Measured by
// bench/instructions.ts (callgrind): getsockname(fd, addr, addrlen) 743 → 461
// instructions, sendto 1,236 → 1,068.
//
// Nothing else changes: an export read before its module has run its definition (a
// circular import) is undefined with or without the declaration; only `'name' in exports`
// differs during that time, which no module of the package does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DECLARATION = /^exports\.[A-Za-z_$][\w$]*( = exports\.[A-Za-z_$][\w$]*)* = void 0;\n/gm;

function* modules(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* modules(file);
    else if (entry.name.endsWith('.js')) yield file;
  }
}

const dist = path.resolve(__dirname, '..', 'dist');
let changed = 0;
for (const file of modules(dist)) {
  const source = fs.readFileSync(file, 'utf8');
  const stripped = source.replace(DECLARATION, '');
  if (stripped !== source) {
    fs.writeFileSync(file, stripped);
    changed++;
  }
}
if (process.argv.includes('--verbose')) console.log(`const-exports: ${changed} modules`);
