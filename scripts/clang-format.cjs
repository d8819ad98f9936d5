#!/usr/bin/env node
// Runs the clang-format shipped by the `clang-format` npm package over native/ (and the
// course's and benchmarks' C files): `--check` fails on any difference, `--fix` rewrites.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const binary = require.resolve('clang-format/index.js');
// native/, one level of topic folders under course/, bench/ and tools/, and the C fixtures of
// the tests.
const listC = (dir) =>
  fs.existsSync(path.join(root, dir))
    ? fs
        .readdirSync(path.join(root, dir))
        .filter((f) => /\.(cc|h|c)$/.test(f))
        .map((f) => path.join(dir, f))
    : [];
const topics = (dir) =>
  fs.existsSync(path.join(root, dir))
    ? fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'bin' && d.name !== 'node_modules')
        .map((d) => path.join(dir, d.name))
    : [];
const files = [
  'native',
  'corpus',
  ...topics('course'),
  ...topics('bench'),
  ...topics('tools'),
  'test/sandbox/fixtures',
].flatMap(listC);
const fix = process.argv.includes('--fix');
const args = fix ? ['-i', ...files] : ['--dry-run', '--Werror', ...files];
try {
  execFileSync(process.execPath, [binary, '--style=file', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  console.error('clang-format: files differ; run `node scripts/clang-format.cjs --fix`');
  process.exit(1);
}
console.log(`clang-format: ${files.length} files ${fix ? 'formatted' : 'clean'}`);
