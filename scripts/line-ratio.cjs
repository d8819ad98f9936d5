#!/usr/bin/env node
// Prints, for each course program, the non-blank lines of its TypeScript port and of its
// C twin, and their ratio; then the total of the 14 course ports (the issue 10 target:
// ≤ 1.05) and, apart, the multi-client servers. `npm run lines`; `--json` for a machine.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const course = path.resolve(__dirname, '..', 'course');

/** Non-blank lines of a file. */
function lines(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '').length;
}

/** Every port of `dirs` that has a C twin beside it: [name, ts, c]. */
function pairs(dirs) {
  const found = [];
  for (const dir of dirs) {
    for (const file of fs.readdirSync(path.join(course, dir)).sort()) {
      if (!file.endsWith('.ts')) continue;
      const base = file.slice(0, -3);
      const twin = ['.c', '.h']
        .map((ext) => path.join(course, dir, base + ext))
        .find(fs.existsSync);
      if (twin) found.push([`${dir}/${base}`, lines(path.join(course, dir, file)), lines(twin)]);
    }
  }
  return found;
}

const groups = [
  [
    'course ports',
    pairs(
      fs
        .readdirSync(course, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !['lib', 'bin', 'tools', 'multiclient'].includes(d.name))
        .map((d) => d.name)
        .sort(),
    ),
  ],
  ['multi-client servers', pairs(['multiclient'])],
];

if (process.argv.includes('--json')) {
  const out = {};
  for (const [title, rows] of groups) {
    const ts = rows.reduce((n, r) => n + r[1], 0);
    const c = rows.reduce((n, r) => n + r[2], 0);
    out[title] = {
      programs: rows.map(([name, t, cc]) => ({ name, ts: t, c: cc, ratio: t / cc })),
      ts,
      c,
      ratio: ts / c,
    };
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  process.exit(0);
}

const ratio = (ts, c) => (ts / c).toFixed(2);
for (const [title, rows] of groups) {
  const width = Math.max(...rows.map((r) => r[0].length), 'total'.length);
  console.log(`${title} (${rows.length}): non-blank lines, TS / C`);
  console.log(`  ${'program'.padEnd(width)}     TS      C  ratio`);
  for (const [name, ts, c] of rows) {
    console.log(
      `  ${name.padEnd(width)} ${String(ts).padStart(6)} ${String(c).padStart(6)}  ${ratio(ts, c)}`,
    );
  }
  const ts = rows.reduce((n, r) => n + r[1], 0);
  const c = rows.reduce((n, r) => n + r[2], 0);
  console.log(
    `  ${'total'.padEnd(width)} ${String(ts).padStart(6)} ${String(c).padStart(6)}  ${ratio(ts, c)}`,
  );
  console.log('');
}
