// A TypeDoc plugin of this package, for the API reference (`npm run docs`):
// - each man page a doc comment names (`socket(2)`, `getaddrinfo(3)`, `ip(7)`) becomes a link
//   to that page of the Linux manual, once: a name already inside a Markdown link, and the
//   link's URL, are left alone (before, `[recvfrom(2)](https://…)` came out as a link inside
//   a link, with a raw `](` on the page);
// - each function page gets its C prototype, its man page and its ERRORS (those of the man
//   page that Linux returns), and what the entry does with them (the root entry throws, the
//   `c` entry returns -1 and sets errno, `promises` rejects), from one table,
//   docs/reference/functions.json, so that the doc comments of src/ stay as they are;
// - each struct field without a comment gets one from docs/reference/structs.json (its byte
//   order, its header);
// - the exports named `__…` (`c.__errno_memory`: the errno memory the native side writes) are
//   internals, left out of the reference as `@internal` would.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

import { Comment, Converter, ReflectionKind } from 'typedoc';

const table = (name) =>
  JSON.parse(readFileSync(new URL(`../docs/reference/${name}.json`, import.meta.url), 'utf8'));

const MAN_PAGE = /\b([a-z][a-z0-9_]*)\(([1-8])\)/g;
/** What is already a link: a Markdown link (its text and URL) or a bare URL. */
const LINKED = /\[[^\]]*\]\([^)]*\)|<?https?:\/\/[^\s)>]+>?/g;

const manUrl = (name, section) =>
  `https://man7.org/linux/man-pages/man${section}/${name}.${section}.html`;

/** `text` with every man page that is not in a link yet made a link. */
export function link(text) {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINKED)) {
    out += linkPlain(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + linkPlain(text.slice(last));
}

const linkPlain = (text) =>
  text.replace(MAN_PAGE, (page, name, section) => `[${page}](${manUrl(name, section)})`);

/** What each entry does when the call fails, said under its ERRORS. */
function failure(entry, fn) {
  const errno = fn.errors.some((e) => /^E[A-Z]/.test(e) && !/^EAI_/.test(e));
  const eai = fn.errors.some((e) => e.startsWith('EAI_'));
  const herrno = fn.errors.some((e) => /^(HOST_NOT_FOUND|NO_DATA|TRY_AGAIN|NO_RECOVERY)/.test(e));
  const bad =
    'Bad arguments (a wrong type, a length beyond the buffer) throw a `TypeError` or a ' +
    '`RangeError` naming the function and the argument, before any C call.';
  if (entry === 'promises') {
    return (
      'The promise rejects with an `ErrnoError` (`errno`, `code`, `syscall`, the `strerror` ' +
      'text) with one of these where C returns -1, and with an `AbortError` (`code` ' +
      "`'ABORT_ERR'`) when its `signal` aborts before the call is made. " +
      bad
    );
  }
  if (entry === 'c') {
    if (errno) return `Returns -1 and sets \`errno\` to one of these, as C does. ${bad}`;
    if (eai) return `Returns the \`EAI_*\` code, as C does. ${bad}`;
    if (herrno) return `Returns \`null\` and sets \`h_errno\`, as C does. ${bad}`;
    return bad;
  }
  if (entry === 'index') {
    if (errno) {
      return (
        '**Throws** an `ErrnoError` where C returns -1: `errno` (the C value), `code` ' +
        "(`'EADDRINUSE'`), `syscall` and the C library's `strerror` text as its message. " +
        bad
      );
    }
    if (eai) {
      return (
        '**Throws** an `ErrnoError` where C returns an `EAI_*` code: `code` is that name, ' +
        "the message `gai_strerror`'s text. " +
        bad
      );
    }
    if (herrno) return `Returns \`null\` and sets \`h_errno\`, as C does (no throw). ${bad}`;
    return bad;
  }
  return errno ? `Sets \`errno\` as C does. ${bad}` : bad;
}

/** The Markdown added to a function page: C prototype, man page, ERRORS, the entry's way. */
function functionSection(entry, name, fn, summary) {
  const lines = ['', '', '#### C', ''];
  if (!summary.replace(/\s+/g, ' ').includes(fn.prototype)) lines.push(`\`${fn.prototype}\``, '');
  const [, page, section] = /^([a-z_0-9]+)\(([1-8])\)$/.exec(fn.man) ?? [];
  lines.push(`Man page: ${page ? `[${fn.man}](${manUrl(page, section)})` : fn.man}`, '');
  lines.push('#### ERRORS', '');
  if (fn.errors.length === 0) lines.push(`None. ${fn.note ?? ''}`.trim(), '');
  else {
    lines.push(
      ...fn.errors.map(
        (e) =>
          `- ${e.replace(
            /^([A-Z_]+(?: \/ [A-Z_]+)*):/,
            (m, names) =>
              `${names
                .split(' / ')
                .map((n) => `\`${n}\``)
                .join(' / ')}:`,
          )}`,
      ),
      '',
    );
    if (fn.note) lines.push(fn.note, '');
  }
  lines.push(failure(entry, fn));
  return lines.join('\n');
}

/** The module (`index`, `c`, `libc`, `promises`) a reflection is exported from. */
function entryOf(reflection) {
  let r = reflection;
  while (r.parent && r.parent.kind !== ReflectionKind.Project) r = r.parent;
  return r.name;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const functions = table('functions');
  const structs = table('structs');
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const reflection of Object.values(project.reflections)) {
      if (reflection.name.startsWith('__') && reflection.parent?.kindOf(ReflectionKind.Module)) {
        project.removeReflection(reflection);
      }
    }
    for (const reflection of Object.values(project.reflections)) {
      if (reflection.kindOf(ReflectionKind.Function)) {
        const fn = functions[reflection.name];
        if (!fn) {
          app.logger.error(`docs/reference/functions.json has no entry for ${reflection.name}`);
          continue;
        }
        for (const signature of reflection.signatures ?? []) {
          signature.comment ??= reflection.comment?.clone() ?? new Comment([]);
          const summary = signature.comment.summary;
          const text = summary.map((part) => part.text).join('');
          summary.push({
            kind: 'text',
            text: functionSection(entryOf(reflection), reflection.name, fn, text),
          });
        }
      }
      if (reflection.kindOf(ReflectionKind.Property) && reflection.parent) {
        const described = structs[`${reflection.parent.name}.${reflection.name}`];
        const has = reflection.comment?.summary?.some((part) => part.text.trim() !== '');
        if (described && !has) {
          reflection.comment ??= new Comment([]);
          reflection.comment.summary = [{ kind: 'text', text: described }];
        }
      }
    }
    for (const reflection of Object.values(project.reflections)) {
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
      for (const comment of comments) {
        for (const part of comment?.summary ?? []) {
          if (part.kind === 'text') part.text = link(part.text);
        }
      }
    }
  });
}
