#!/usr/bin/env node
// Prints, for each port with a C twin beside it (course/<topic>/, course/multiclient/,
// corpus/), the non-blank lines of the TypeScript and of the C, their ratio, and how many
// TS lines differ from their C line; then the totals per group: the course's 14 ports (the
// issue 10 target: ratio ≤ 1.05), the multi-client servers, and the corpus (issue 20: at
// most 5% of TS lines differ). `npm run lines`; `--json` for a machine.
//
// "Differ", precisely. Both files are reduced to their code lines: non-blank lines that are
// not only a comment, nor an #include or an import (each language's way of naming its
// library, one per header or module: they are not compared). Each code line is then
// normalized, so that what the two languages must write differently does not count:
//   - a statement the formatter broke over several lines is one line (a line that leaves a
//     `(` open, or a declaration ending with `,`, is joined to the next; prettier's trailing
//     comma before `)` goes);
//   - comments are removed, and all white space outside string literals;
//   - string and char literals are double-quoted ('\n' and "\n" are the same literal);
//   - a final `;` is removed;
//   - TS only: `===` and `!==` are `==` and `!=`; `null` is `NULL`, `true` is `1` and
//     `false` is `0`; the keywords `export`, `function`, `let`, `const` and `var` go, and
//     so do the type annotations of declarations, parameters and interface members
//     (`let n: number` is `n`, `(fd: number): void` is `(fd)`, `level: number;` is `level`)
//     and the non-null assertion `!`; `interface X {` is `struct X {`; `struct_assign(a, b)`
//     is `a = b`;
//   - C only: a declaration that TS writes with a zeroed struct class, `char_array` or a
//     socklen_t box is that twin (`struct sockaddr_in a;` is `const a = new sockaddr_in();`,
//     `char buf[N];` is `const buf = char_array(N);`, `socklen_t len = sizeof(a);` is `const
//     len: socklen_t = { value: sizeof(a) };`: docs/porting.md);
//   - C only: the types of declarations and parameters go (`int n, *p` is `n, p`,
//     `static void f(int fd)` is `f(fd)`), casts go (`(struct sockaddr *)&a`), and so does
//     the address-of `&` before a name (`&addr`: a TS object is passed by reference), `->`
//     is `.`, and `#define NAME value` is `NAME = value` (TS `const NAME = value`).
// The two sequences of normalized lines are aligned by a longest common subsequence: a TS
// line that is not matched to an identical C line differs. Anything else that TS writes
// otherwise — `new Uint8Array(N)` for `char buf[N]`, a literal for a zeroed struct,
// `sizeof.sockaddr_in` for `sizeof(servaddr)`, `buf.subarray(n)` for `buf + n`, `len.value`
// for `len` — differs, as it should: that is what is measured.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const course = path.join(root, 'course');

/** Non-blank lines of a file. */
function lines(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '').length;
}

/** `text` split into string literals (kept as they are) and the code between them. */
function splitStrings(text) {
  const parts = [];
  let code = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      let end = i + 1;
      while (end < text.length && text[end] !== ch) end += text[end] === '\\' ? 2 : 1;
      parts.push({ code });
      parts.push({ literal: `"${text.slice(i + 1, end).replace(/\\'/g, "'")}"` });
      code = '';
      i = end;
    } else {
      code += ch;
    }
  }
  parts.push({ code });
  return parts;
}

/** The code lines of a source file, comments removed (block comments may span lines). */
function codeLines(file) {
  const out = [];
  let inBlock = false;
  let inImport = false;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    let line = '';
    let i = 0;
    while (i < raw.length) {
      if (inBlock) {
        const end = raw.indexOf('*/', i);
        if (end === -1) {
          i = raw.length;
        } else {
          inBlock = false;
          i = end + 2;
        }
        continue;
      }
      const ch = raw[i];
      if (ch === '"' || ch === "'" || ch === '`') {
        let end = i + 1;
        while (end < raw.length && raw[end] !== ch) end += raw[end] === '\\' ? 2 : 1;
        line += raw.slice(i, end + 1);
        i = end + 1;
      } else if (raw.startsWith('/*', i)) {
        inBlock = true;
        i += 2;
      } else if (raw.startsWith('//', i)) {
        i = raw.length;
      } else {
        line += ch;
        i++;
      }
    }
    const text = line.trim();
    if (text === '') continue;
    if (inImport) {
      if (/\bfrom\s+['"]/.test(text) || /^['"]/.test(text)) inImport = false;
      continue;
    }
    if (text.startsWith('#include')) continue;
    if (/^import\b/.test(text)) {
      if (!/\bfrom\s+['"]|^import\s+['"]/.test(text)) inImport = true;
      continue;
    }
    out.push(text);
  }
  return joinContinued(out);
}

/** How many more `(` than `)` the code of `text` has (string literals skipped). */
function openParens(text) {
  let depth = 0;
  for (const part of splitStrings(text)) {
    if (part.code === undefined) continue;
    for (const ch of part.code) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
  }
  return depth;
}

/**
 * One statement that the formatter broke over several lines (prettier in TS, clang-format in
 * C, past 100 columns; prettier also puts each declarator of a `let`/`const` with an
 * initializer on its own line) is one line again: a line is joined to the next while it
 * leaves a `(` open, ends with `=`, `&&` or `||`, is a declaration that ends with `,`, or is
 * an `if`/`for`/`while` whose one statement the formatter put on the next line.
 */
function joinContinued(codeLines) {
  const out = [];
  for (let i = 0; i < codeLines.length; i++) {
    let text = codeLines[i];
    const declaration = /^(?:let|const|var)\s/.test(text);
    while (
      i + 1 < codeLines.length &&
      (openParens(text) > 0 ||
        (declaration && text.endsWith(',')) ||
        /^(?:if|for|while)\s*\(.*\)$/.test(text) ||
        /(?:[^=!<>]=|&&|\|\|)$/.test(text))
    ) {
      text += ' ' + codeLines[++i];
    }
    out.push(text);
  }
  return out;
}

const C_TYPE =
  /^(?:(?:static|inline|const|extern|unsigned|signed|register|volatile)\s+)*(?:struct\s+\w+|union\s+\w+|enum\s+\w+|int|char|long|short|double|float|void|bool|size_t|ssize_t|socklen_t|pid_t|time_t|nfds_t|fd_set|FILE|sa_family_t|in_port_t|u?int\d+_t)\b(?:\s+(?:int|long|const))*\s*/;

/** `int fd, char *buf` → `fd, buf`: the last name of each C parameter. */
function cParams(params) {
  if (params.trim() === 'void') return '';
  return params
    .split(',')
    .map((p) => (p.match(/([A-Za-z_]\w*)\s*(?:\[\w*\])*\s*$/) ?? ['', p.trim()])[1])
    .join(',');
}

/** `fd: number, buf: Uint8Array` → `fd, buf`. */
function tsParams(params) {
  return params
    .split(',')
    .map((p) => p.replace(/\??:.*$/, '').trim())
    .join(',');
}

/** Removes `: type` annotations at depth 0 of a TS declaration (not inside {} () []). */
function stripTopLevelTypes(text) {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ('{(['.includes(ch)) depth++;
    if ('})]'.includes(ch)) depth--;
    if (ch === ':' && depth === 0) {
      // the type runs to the next `,` or `=` at depth 0
      let j = i + 1;
      let d = 0;
      while (j < text.length) {
        const c = text[j];
        if ('{([<'.includes(c)) d++;
        if ('})]>'.includes(c)) d--;
        if (d === 0 && (c === ',' || (c === '=' && text[j + 1] !== '>'))) break;
        j++;
      }
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

/**
 * A C declaration without a type the TS can drop, as its documented TS twin
 * (docs/porting.md), or null: `struct sockaddr_in a, b;` (and `fd_set rset;`) is
 * `a = new sockaddr_in(), b = …` (the zeroed class), `struct pollfd fds[N];` is `fds =
 * Array.from({ length: N }, () => new pollfd())`, `char buf[N];` is `buf =
 * char_array(N)`, `char s[] = "x";` is `s = char_array("x")`, and `socklen_t len = e;` is
 * `len = { value: e }` (`{ value: 0 }` without an initializer: the box must hold a number).
 */
function declarationTwin(t) {
  let m = /^(?:struct\s+(\w+)|(fd_set))\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*;$/.exec(t);
  if (m) {
    const type = m[1] ?? m[2];
    return m[3]
      .split(',')
      .map((name) => `${name.trim()} = new ${type}()`)
      .join(', ');
  }
  m = /^struct\s+(\w+)\s+(\w+)\s*\[([^\]]+)\]\s*;$/.exec(t);
  if (m) return `${m[2]} = Array.from({ length: ${m[3]} }, () => new ${m[1]}())`;
  m =
    /^(?:unsigned\s+)?char\s+(\w+\s*\[[^\]]*\](?:\s*=\s*"[^"]*")?(?:\s*,\s*\w+\s*\[[^\]]*\])*)\s*;$/.exec(
      t,
    );
  if (m) {
    return m[1]
      .split(/,(?=\s*\w+\s*\[)/)
      .map((d) => {
        const [, name, size, init] = /^\s*(\w+)\s*\[([^\]]*)\](?:\s*=\s*("[^"]*"))?/.exec(d);
        return `${name} = char_array(${init ?? size})`;
      })
      .join(', ');
  }
  m = /^socklen_t\s+(\w+)\s*(?:=\s*(.+?))?\s*;$/.exec(t);
  if (m) return `${m[1]} = { value: ${m[2] ?? 0} }`;
  return null;
}

/** The types `sizeof(T)` names in the programs (`sizeof(x)` of a variable x stays). */
const TYPE_NAMES = new Set(
  'int long short char socklen_t size_t time_t sockaddr sockaddr_in sockaddr_in6 sockaddr_storage sockaddr_un in_addr in6_addr linger timeval addrinfo hostent pollfd msghdr iovec in_pktinfo'.split(
    ' ',
  ),
);

/** `== (ssize_t)(a + b)` → `== a + b`: a cast and the parentheses it needed, in a comparison. */
function dropCastParens(text) {
  const cast = /([=!<>]=?|&&|\|\|)\s*\((?:unsigned\s+)?\w+\)\s*\(/g;
  let out = text;
  let m;
  while ((m = cast.exec(out)) !== null) {
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < out.length; i++) {
      if (out[i] === '(') depth++;
      if (out[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close === -1 || !/^\s*(?:[),;{]|&&|\|\||$)/.test(out.slice(close + 1))) continue;
    out = `${out.slice(0, m.index)}${m[1]} ${out.slice(open + 1, close)}${out.slice(close + 1)}`;
    cast.lastIndex = m.index;
  }
  return out;
}

/** C's char literals are ints: `'\n'` is 10, as the TS, which has no char type, writes it. */
function charCodes(text) {
  const escapes = {
    n: 10,
    t: 9,
    r: 13,
    0: 0,
    '\\': 92,
    "'": 39,
    '"': 34,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
  };
  return text.replace(/'(\\(.)|[^'\\])'/g, (all, ch, escaped) =>
    escaped !== undefined
      ? escapes[escaped] !== undefined
        ? String(escapes[escaped])
        : all
      : String(ch.charCodeAt(0)),
  );
}

function normalizeC(text) {
  let t = text;
  const define = /^#define\s+(\w+)\s+(.*)$/.exec(t);
  if (define) t = `${define[1]} = ${define[2]}`;
  t = charCodes(t);
  // a function definition: its return type and its parameters' types
  const definition = new RegExp(`${C_TYPE.source}\\**\\s*(\\w+)\\s*\\(([^)]*)\\)\\s*\\{$`).exec(t);
  if (definition) return normalizeCommon(`${definition[1]}(${cParams(definition[2])}) {`);
  // `sizeof(struct X)` and `sizeof(int)` are the sizes of types: `sizeof.X`, `sizeof.int`
  t = t.replace(/sizeof\s*\(\s*(?:struct\s+)?(\w+)\s*\)/g, (all, name) =>
    TYPE_NAMES.has(name) ? `sizeof.${name}` : all,
  );
  // a type definition keeps its name: `struct option {` (TS `interface option {`)
  if (/^(?:typedef\s+)?(?:struct|union|enum)\s+\w+\s*\{/.test(t)) return normalizeCommon(t);
  // an array with an initializer list is a TS array literal: `options[] = {` → `options = [`
  t = t.replace(
    new RegExp(`^${C_TYPE.source}\\**\\s*(\\w+)\\s*\\[\\w*\\]\\s*=\\s*\\{$`),
    (...m) => `${m[m.length - 3]} = [`,
  );
  const twin = declarationTwin(t);
  if (twin !== null) return normalizeCommon(twin);
  // a pointer initialized with 0 is NULL (`char *id = 0;`)
  t = t.replace(/^((?:const\s+)?(?:struct\s+)?\w+\s*\*+\s*\w+\s*=\s*)0;$/, '$1NULL;');
  // `*(struct in_addr *)p`, `*(int *)p`: the byte views as_in_addr(p), as_int(p)
  t = t.replace(/\*\s*\((?:struct\s+)?(\w+)\s*\*\)\s*([\w.\->[\]]+)/g, 'as_$1($2)');
  t = t.replace(/\*\s*\(\s*\((?:struct\s+)?(\w+)\s*\*\)\s*([\w.\->[\]]+)\s*\)/g, 'as_$1($2)');
  // `sizeof x` is `sizeof(x)`
  t = t.replace(/\bsizeof\s+([A-Za-z_]\w*)/g, 'sizeof($1)');
  // a cast of a parenthesized operand of a comparison (`!= (ssize_t)(n + 1)`): both go
  t = dropCastParens(t);
  // casts, then the address-of operator before a name
  t = t.replace(/\((?:const\s+)?(?:struct\s+|unsigned\s+)?\w+\s*\**\)(?=[\w&(*])/g, '');
  t = t.replace(/(^|[(,=\s!])&(?=[A-Za-z_])/g, '$1');
  t = t.replace(/->/g, '.');
  // a declaration: its type, and the `*` of each declarator
  if (C_TYPE.test(t) && !/^return\b/.test(t)) {
    t = t.replace(C_TYPE, '').replace(/(^|,\s*)\*+/g, '$1');
  }
  return normalizeCommon(t);
}

function normalizeTs(text) {
  let t = text.replace(/^export\s+/, '');
  const definition = /^function\s+(\w+)\s*\(([^)]*)\)\s*(?::[^{]*)?\{$/.exec(t);
  if (definition) return normalizeCommon(`${definition[1]}(${tsParams(definition[2])}) {`);
  if (/^(let|const|var)\s/.test(t)) t = stripTopLevelTypes(t.replace(/^(let|const|var)\s+/, ''));
  // a row of a table of structs: C's initializer gives the fields' values in order, TS's
  // object literal names them (`{ name: 'SO_DEBUG', level: SOL_SOCKET },` is `{"SO_DEBUG",
  // SOL_SOCKET},`); the array literal's `];` closes as C's `};`
  if (/^\{.*\},?$/.test(t)) t = t.replace(/([{,]\s*)[A-Za-z_]\w*\s*:\s*/g, '$1');
  if (/^\];?$/.test(t)) t = '};';
  // struct assignment (`rset = allset;`) is struct_assign(rset, allset) (docs/porting.md)
  t = t.replace(/^struct_assign\(([^,]+),\s*(.+)\);?$/, '$1 = $2;');
  // an interface is a struct; a member declaration `name: type;` is its name
  t = t.replace(/^interface\s+(\w+)\s*\{$/, 'struct $1 {').replace(/^(\w+)\??:\s*[^=]+;$/, '$1');
  return normalizeCommon(t, (code) =>
    code
      .replace(/,(\s*[)\]}])/g, '$1')
      .replace(/===/g, '==')
      .replace(/!==/g, '!=')
      .replace(/\bnull\b/g, 'NULL')
      .replace(/\btrue\b/g, '1')
      .replace(/\bfalse\b/g, '0')
      .replace(/([\w)\]])!(?!=)/g, '$1'),
  );
}

/** White space and a final `;` removed, literals double-quoted; `code` rewrites the code. */
function normalizeCommon(text, code = (c) => c) {
  return splitStrings(text)
    .map((part) =>
      part.literal !== undefined
        ? part.literal
        : code(part.code)
            .replace(/\b0x([0-9a-fA-F]+)\b/g, (_, hex) => String(parseInt(hex, 16)))
            .replace(/\s+/g, ''),
    )
    .join('')
    .replace(/;$/, '');
}

/** Which lines of `ts` are matched, in order, to equal lines of `c` (an LCS). */
function matchedLines(c, ts) {
  const table = Array.from({ length: c.length + 1 }, () => new Array(ts.length + 1).fill(0));
  for (let i = c.length - 1; i >= 0; i--) {
    for (let j = ts.length - 1; j >= 0; j--) {
      table[i][j] =
        c[i] === ts[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const matched = new Set();
  for (let i = 0, j = 0; i < c.length && j < ts.length;) {
    if (c[i] === ts[j]) {
      matched.add(j);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return matched;
}

/** A pair's TS code lines, how many of them differ from their C line, and which. */
function differing(tsFile, cFile) {
  const tsText = codeLines(tsFile);
  const ts = tsText.map(normalizeTs);
  const c = codeLines(cFile).map(normalizeC);
  const matched = matchedLines(c, ts);
  const lines = tsText.filter((_, j) => !matched.has(j));
  return { code: ts.length, differ: lines.length, lines };
}

/** Every port of the folders `dirs` (under `base`) with a C twin: name, lines, differing. */
function pairs(base, dirs) {
  const found = [];
  for (const dir of dirs) {
    const folder = path.join(base, dir);
    for (const file of fs.readdirSync(folder).sort()) {
      if (!file.endsWith('.ts')) continue;
      const stem = file.slice(0, -3);
      const twin = ['.c', '.h'].map((ext) => path.join(folder, stem + ext)).find(fs.existsSync);
      if (!twin) continue;
      const tsFile = path.join(folder, file);
      found.push({
        name: dir === '' ? stem : `${dir}/${stem}`,
        ts: lines(tsFile),
        c: lines(twin),
        ...differing(tsFile, twin),
      });
    }
  }
  return found;
}

// For test/tools/line-ratio.test.ts: the normalization and the count, without the report.
module.exports = { normalizeC, normalizeTs, codeLines, matchedLines, differing };

if (require.main === module) cli();

function cli() {
  const groups = [
    [
      'course ports',
      pairs(
        course,
        fs
          .readdirSync(course, { withFileTypes: true })
          .filter(
            (d) => d.isDirectory() && !['lib', 'bin', 'tools', 'multiclient'].includes(d.name),
          )
          .map((d) => d.name)
          .sort(),
      ),
    ],
    ['multi-client servers', pairs(course, ['multiclient'])],
    ['corpus', pairs(path.join(root, 'corpus'), [''])],
  ];

  function total(rows) {
    const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
    return { ts: sum('ts'), c: sum('c'), code: sum('code'), differ: sum('differ') };
  }

  // `--diff NAME`: the TS lines of the port NAME that differ from their C line.
  const shown = process.argv.indexOf('--diff');
  if (shown !== -1) {
    const name = process.argv[shown + 1];
    for (const [, rows] of groups) {
      for (const r of rows) if (r.name === name) for (const line of r.lines) console.log(line);
    }
    return;
  }

  if (process.argv.includes('--json')) {
    const out = {};
    for (const [title, rows] of groups) {
      const t = total(rows);
      out[title] = {
        programs: rows.map(({ lines: _lines, ...r }) => ({
          ...r,
          ratio: r.ts / r.c,
          differRatio: r.differ / r.code,
        })),
        ...t,
        ratio: t.ts / t.c,
        differRatio: t.differ / t.code,
      };
    }
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }

  const fixed = (n, d = 2) => n.toFixed(d);
  for (const [title, rows] of groups) {
    const width = Math.max(...rows.map((r) => r.name.length), 'total'.length);
    console.log(
      `${title} (${rows.length}): non-blank lines, TS / C; TS code lines that differ from their C line`,
    );
    console.log(`  ${'program'.padEnd(width)}     TS      C  ratio   code differ      %`);
    const print = (name, r) =>
      console.log(
        `  ${name.padEnd(width)} ${String(r.ts).padStart(6)} ${String(r.c).padStart(6)}  ${fixed(r.ts / r.c)} ${String(r.code).padStart(6)} ${String(r.differ).padStart(6)} ${fixed((100 * r.differ) / r.code, 1).padStart(6)}`,
      );
    for (const r of rows) print(r.name, r);
    print('total', total(rows));
    console.log('');
  }
}
