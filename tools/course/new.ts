/**
 * `bsd-sockets-course new <dir>`: a project of one's own, using bsd-sockets: package.json
 * (an ES module project depending on bsd-sockets, with typescript and @types/node), a strict
 * nodenext tsconfig.json, a README, and a hello program in both conventions of the package:
 * hello.ts with the root entry (a failed call throws an ErrnoError) and hello_c.ts with
 * bsd-sockets/c (a failed call returns -1 and sets errno, as in C). `npm start` type-checks
 * and runs both.
 *
 * Where the Node running `new` runs `.ts` files itself (type stripping: by default from Node
 * 22.18 and 23.6, behind --experimental-strip-types from 22.6), `npm start` runs the `.ts`
 * files with it after `tsc --noEmit`; on older Nodes (20) tsc compiles them into dist/ first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { packageRoot } from '../../course/programs';
import { exerciseTsconfig } from './exercise';

export const NEW_USAGE_LINE = 'bsd-sockets-course new <dir>';
const USAGE = `usage: ${NEW_USAGE_LINE}`;

/** How a Node version runs a `.ts` file: by itself, with a flag, or not at all. */
export type TypeStripping = 'default' | 'flag' | 'none';

/** Whether Node `version` (`22.18.0`) strips types: by default, with the flag, or not. */
export function typeStripping(version: string): TypeStripping {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) {
    return 'default';
  }
  if (major === 23 || (major === 22 && minor >= 6)) return 'flag';
  return 'none';
}

/** A file of the new project: its name and its text. */
export interface ProjectFile {
  name: string;
  text: string;
}

const HELLO = `/**
 * hello.ts: bsd-sockets through its root entry, where a call that fails throws an
 * ErrnoError (its syscall, errno and code). A UDP socket bound to 127.0.0.1 sends "hello"
 * to itself and reads it back.
 */
import { AF_INET, INADDR_LOOPBACK, SOCK_DGRAM, bind, close, getsockname } from 'bsd-sockets';
import { htonl, inet_ntoa, isErrnoError, ntohs, recvfrom, sendto, socket } from 'bsd-sockets';
import type { sockaddr_in } from 'bsd-sockets';

try {
  const s = socket(AF_INET, SOCK_DGRAM, 0);
  bind(s, { sin_family: AF_INET, sin_port: 0, sin_addr: { s_addr: htonl(INADDR_LOOPBACK) } });
  const me = getsockname<sockaddr_in>(s); /* the port the system chose */
  const message = new TextEncoder().encode('hello');
  sendto(s, message, message.length, 0, me);
  const buf = new Uint8Array(64);
  const from = {} as sockaddr_in;
  const n = recvfrom(s, buf, buf.length, 0, from); /* already queued: returns at once */
  const text = new TextDecoder().decode(buf.subarray(0, n));
  console.log(\`hello.ts: "\${text}" from \${inet_ntoa(from.sin_addr)}:\${ntohs(from.sin_port)}\`);
  close(s);
} catch (e) {
  if (!isErrnoError(e)) throw e;
  console.error(\`hello.ts: \${e.message} (\${e.code})\`); /* "bind: Address already in use (EADDRINUSE)" */
  process.exit(1);
}
`;

const HELLO_C = `/**
 * hello_c.ts: the same program in C's convention, with bsd-sockets/c: a call that fails
 * returns -1 and sets errno, as in C; bsd-sockets/libc gives C's stdio (printf, exit).
 */
import { AF_INET, INADDR_LOOPBACK, SOCK_DGRAM, bind, close, errno, getsockname } from 'bsd-sockets/c';
import { htonl, inet_ntoa, ntohs, recvfrom, sendto, sizeof, socket } from 'bsd-sockets/c';
import type { sockaddr_in, socklen_t } from 'bsd-sockets/c';
import { exit, fprintf, libc_start_main, printf, stderr, strerror } from 'bsd-sockets/libc';

function fail(call: string): never {
  fprintf(stderr, 'hello_c.ts: %s: %s\\n', call, strerror(errno));
  exit(1);
}

function main(): number {
  const me = {} as sockaddr_in;
  const from = {} as sockaddr_in;
  const len: socklen_t = { value: sizeof.sockaddr_in };
  const buf = new Uint8Array(64);
  let n: number;

  const s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s === -1) fail('socket');
  me.sin_family = AF_INET;
  me.sin_port = 0;
  me.sin_addr = { s_addr: htonl(INADDR_LOOPBACK) };
  if (bind(s, me, sizeof.sockaddr_in) === -1) fail('bind');
  if (getsockname(s, me, len) === -1) fail('getsockname'); /* the port the system chose */
  if (sendto(s, 'hello', 5, 0, me, sizeof.sockaddr_in) === -1) fail('sendto');
  len.value = sizeof.sockaddr_in;
  if ((n = recvfrom(s, buf, buf.length - 1, 0, from, len)) === -1) fail('recvfrom');
  buf[n] = 0;
  printf('hello_c.ts: "%s" from %s:%d\\n', buf, inet_ntoa(from.sin_addr), ntohs(from.sin_port));
  close(s);
  return 0;
}

libc_start_main(main);
`;

/** The files of a new project called `name`, for a Node `nodeVersion` (`process.versions.node`). */
export function projectFiles(name: string, nodeVersion: string): ProjectFile[] {
  const own = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  const stripping = typeStripping(nodeVersion);
  const major = Number(nodeVersion.replace(/^v/, '').split('.')[0]);
  const programs = ['hello.ts', 'hello_c.ts'];
  const flag = stripping === 'flag' ? ' --experimental-strip-types' : '';
  const start =
    stripping === 'none'
      ? `tsc && ${programs.map((p) => `node dist/${p.replace(/\.ts$/, '.js')}`).join(' && ')}`
      : `tsc --noEmit && ${programs.map((p) => `node${flag} ${p}`).join(' && ')}`;
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    type: 'module',
    scripts: { build: 'tsc', start },
    dependencies: { 'bsd-sockets': `^${own.version}` },
    devDependencies: {
      // The types of the Node that made the project; the package's own range on Node 20.
      '@types/node': major === 20 ? own.devDependencies['@types/node'] : `^${major}.0.0`,
      typescript: own.devDependencies.typescript,
    },
  };
  // The exercises' strict nodenext tsconfig, with only syntax that Node's type stripping
  // can erase (no enum, no namespace) and `import type` for types: what `node file.ts` needs.
  const exercise = exerciseTsconfig() as { compilerOptions: object; include: string[] };
  const tsconfig = {
    compilerOptions: {
      ...exercise.compilerOptions,
      verbatimModuleSyntax: true,
      erasableSyntaxOnly: true,
    },
    include: exercise.include,
  };
  const how =
    stripping === 'none'
      ? [
          `This Node (${nodeVersion}) does not run \`.ts\` files itself (type stripping: Node`,
          '22.18 and 23.6 by default, 22.6 with `--experimental-strip-types`), so `npm start`',
          'compiles them with tsc into dist/ and runs the `.js` there.',
        ]
      : stripping === 'flag'
        ? [
            `This Node (${nodeVersion}) runs \`.ts\` files itself with \`--experimental-strip-types\``,
            '(by default from 22.18 and 23.6): `npm start` type-checks them with `tsc --noEmit`,',
            'then runs `node --experimental-strip-types hello.ts` (Node prints an',
            'ExperimentalWarning); on Node 20, use `npm run build` and `node dist/hello.js`.',
          ]
        : [
            `This Node (${nodeVersion}) runs \`.ts\` files itself (type stripping): \`npm start\``,
            'type-checks them with `tsc --noEmit`, then runs `node hello.ts`. On a Node before',
            '22.6 (20), use `npm run build` and `node dist/hello.js` instead.',
          ];
  const readme = [
    `# ${name}`,
    '',
    'A project using [bsd-sockets](https://www.npmjs.com/package/bsd-sockets): the BSD socket',
    'calls from TypeScript, with their C names.',
    '',
    '```sh',
    'npm install',
    'npm start      # type-checks and runs hello.ts and hello_c.ts',
    '```',
    '',
    ...how,
    '',
    '- `hello.ts`: the root entry `bsd-sockets`, where a call that fails throws an `ErrnoError`',
    '  (`e.syscall`, `e.errno`, `e.code`).',
    "- `hello_c.ts`: `bsd-sockets/c`, C's convention: a call that fails returns -1 and sets",
    '  `errno`; `bsd-sockets/libc` has the stdio a port of a C program needs.',
    '',
  ];
  return [
    { name: 'package.json', text: JSON.stringify(pkg, null, 2) + '\n' },
    { name: 'tsconfig.json', text: JSON.stringify(tsconfig, null, 2) + '\n' },
    { name: 'README.md', text: readme.join('\n') },
    { name: 'hello.ts', text: HELLO },
    { name: 'hello_c.ts', text: HELLO_C },
    { name: '.gitignore', text: 'node_modules/\ndist/\n' },
  ];
}

function usage(message: string): number {
  process.stderr.write(`bsd-sockets-course new: ${message}\n${USAGE}\n`);
  return 2;
}

/** `bsd-sockets-course new ...`, `argv` the words after `new`: the exit status. */
export async function newMain(argv: string[]): Promise<number> {
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(
      `${USAGE}\n\nMakes a project using bsd-sockets in <dir> (which must be empty or absent): ` +
        'package.json, tsconfig.json, README.md, hello.ts (root entry) and hello_c.ts ' +
        '(bsd-sockets/c); then: cd <dir> && npm install && npm start\n',
    );
    return 0;
  }
  const option = argv.find((a) => a.startsWith('-'));
  if (option) return usage(`unknown option ${option}`);
  if (argv.length !== 1) return usage(argv.length === 0 ? 'missing <dir>' : 'too many arguments');
  const dir = argv[0];
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) return usage(`${dir} exists and is not a directory`);
    if (fs.readdirSync(dir).length > 0) return usage(`${dir} exists and is not empty`);
  }
  // npm's rules for a name: lower case, no spaces; from the folder's name.
  const name =
    path
      .basename(path.resolve(dir))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+/, '') || 'sockets-project';
  const files = projectFiles(name, process.versions.node);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of files) fs.writeFileSync(path.join(dir, file.name), file.text);
  const stripping = typeStripping(process.versions.node);
  process.stdout.write(
    `${dir}: ${files.map((f) => f.name).join(', ')}\n` +
      (stripping === 'none'
        ? `Node ${process.versions.node} does not strip types: npm start compiles with tsc, then runs dist/*.js\n`
        : `Node ${process.versions.node} strips types: npm start runs node${stripping === 'flag' ? ' --experimental-strip-types' : ''} hello.ts after tsc --noEmit\n`) +
      `next: cd ${dir} && npm install && npm start\n`,
  );
  return 0;
}
