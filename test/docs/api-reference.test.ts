// The API reference as `npm run docs` writes it (TypeDoc with scripts/typedoc-man-pages.mjs
// and the tables of docs/reference/), generated here into a temporary directory: man pages
// are links (no raw Markdown `](` left on any page), every function page has its C
// prototype, its man page and an ERRORS section, the root entry's pages say what they
// throw, struct fields are described, internals are left out.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempDir, repoRoot } from '../helpers/child';
import { scaled } from '../course/timeouts';

const functions = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'docs', 'reference', 'functions.json'), 'utf8'),
) as Record<string, { prototype: string; man: string; errors: string[] }>;

let temp: ReturnType<typeof makeTempDir>;
let out: string;
beforeAll(() => {
  temp = makeTempDir();
  out = path.join(temp.dir, 'api');
  const typedoc = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'typedoc', 'bin', 'typedoc'),
      '--out',
      out,
      '--logLevel',
      'Warn',
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: scaled(180_000) },
  );
  expect(typedoc.status, typedoc.stderr + typedoc.stdout).toBe(0);
  // A function without its row in functions.json is logged by the plugin (and its page
  // lacks ERRORS, below).
  expect(typedoc.stdout + typedoc.stderr).not.toContain('functions.json has no entry');
}, scaled(200_000));
afterAll(() => temp.remove());

const pages = (dir: string): string[] =>
  fs
    .readdirSync(path.join(out, dir))
    .filter((file) => file.endsWith('.html'))
    .map((file) => path.join(dir, file));
const read = (page: string): string => fs.readFileSync(path.join(out, page), 'utf8');
/** The page's text, tags removed and entities of the prototypes decoded. */
const text = (page: string): string =>
  read(page)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('the API reference', () => {
  it('has no raw Markdown link on any page: man pages are links, once', () => {
    const all = fs
      .readdirSync(out, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.html'));
    expect(all.length).toBeGreaterThan(300);
    const raw = all.filter((page) => read(page).includes(']('));
    expect(raw).toEqual([]);
    expect(read('functions/index.recvfrom.html')).toContain(
      '<a href="https://man7.org/linux/man-pages/man2/recvfrom.2.html">recvfrom(2)</a>',
    );
  });

  it('gives every function page its C prototype, its man page, and an ERRORS section', () => {
    const functionPages = pages('functions');
    expect(functionPages.length).toBeGreaterThan(120);
    const lacking = functionPages.filter((page) => {
      const name = path.basename(page, '.html').replace(/^[a-z]+\./, '');
      const fn = functions[name];
      const html = read(page);
      return (
        fn === undefined ||
        !/<h4 id="errors"[^>]*>ERRORS/.test(html) ||
        !text(page).includes(fn.prototype) ||
        !html.includes(`>${fn.man}</a>`)
      );
    });
    expect(lacking).toEqual([]);
    // Errors named, each with what it means on Linux.
    expect(text('functions/index.bind.html')).toContain(
      'EADDRINUSE: the address is in use (another socket, or a TIME-WAIT one without SO_REUSEADDR)',
    );
  });

  it('says what each entry does on failure: the root throws, c sets errno, promises reject', () => {
    expect(text('functions/index.bind.html')).toContain(
      'Throws an ErrnoError where C returns -1: errno (the C value)',
    );
    expect(text('functions/c.bind.html')).toContain('Returns -1 and sets errno to one of these');
    expect(text('functions/promises.recvfrom.html')).toContain(
      'The promise rejects with an ErrnoError',
    );
    expect(text('functions/index.getaddrinfo.html')).toContain(
      'Throws an ErrnoError where C returns an EAI_* code',
    );
  });

  it('describes struct fields: byte order and header', () => {
    // A struct with a zeroed class (`new sockaddr_in()`, src/struct/zero.ts) has a class page;
    // the others, an interface page.
    const page = (name: string) =>
      fs.existsSync(path.join(out, 'classes', `${name}.html`))
        ? `classes/${name}.html`
        : `interfaces/${name}.html`;
    const sockaddr_in = text(page('index.sockaddr_in'));
    expect(sockaddr_in).toContain(
      'in_port_t: the port, in network byte order: set it with htons(3000), read it with ntohs (struct sockaddr_in, <netinet/in.h>)',
    );
    expect(text(page('index.in_addr'))).toContain('s_addr');
    expect(text(page('index.in_addr'))).toContain('network byte order');
  });

  it('leaves internals out: c.__errno_memory', () => {
    const all = fs.readdirSync(out, { recursive: true }).map(String);
    expect(all.filter((file) => file.includes('__errno_memory'))).toEqual([]);
    expect(read('modules/c.html')).not.toContain('__errno_memory');
  });
});
