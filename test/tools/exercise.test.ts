/**
 * `bsd-sockets-course exercise` (tools/course/exercise.ts, through exerciseMain until the
 * CLI wires it): every course program's exercise is written, its TS skeleton compiles with
 * the tsconfig.json written beside it and its C skeleton with course/Makefile's flags, the
 * blanks are where the solution's markers are and nowhere else, `--from` takes a teacher's
 * copy, and bad input exits 2 with a usage line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { programs } from '../../course/programs';
import { C_SKELETON_PRAGMAS, MarkerError, skeleton } from '../../tools/course/blanks';
import { courseCompiler, exerciseMain } from '../../tools/course/exercise';
import { scaled } from '../course/timeouts';

const root = path.resolve(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-exercise-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** exerciseMain(argv) with what it wrote on stdout and stderr. */
async function run(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const status = await exerciseMain(argv);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The package and @types/node in the exercise's node_modules, as `npm install` puts them. */
function linkModules(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'bsd-sockets'));
  fs.symlinkSync(
    path.join(root, 'node_modules', '@types', 'node'),
    path.join(dir, 'node_modules', '@types', 'node'),
  );
}

// One compiler host for every exercise: lib.d.ts, @types/node and the package's .d.ts are
// parsed once.
const sourceCache = new Map<string, ts.SourceFile | undefined>();
function compilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) => {
    const real = fs.existsSync(file) ? fs.realpathSync(file) : file;
    if (
      real.includes(`${path.sep}node_modules${path.sep}`) ||
      real.startsWith(path.join(root, 'dist'))
    ) {
      if (!sourceCache.has(real))
        sourceCache.set(real, getSourceFile(file, language, onError, create));
      return sourceCache.get(real);
    }
    return getSourceFile(file, language, onError, create);
  };
  return host;
}

/** tsc -p <dir>/tsconfig.json: its diagnostics, one line each ("" when it compiles). */
function compileTs(dir: string, emit = false): string {
  const configFile = path.join(dir, 'tsconfig.json');
  const config = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host: compilerHost(parsed.options),
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...parsed.errors];
  if (emit) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
}

/** gcc with course/Makefile's flags: its messages ("" when it compiles). */
function compileC(dir: string, base: string): { status: number | null; messages: string } {
  const { cc, cflags } = courseCompiler();
  const gcc = spawnSync(cc, [...cflags.split(/\s+/), '-o', base, `${base}.c`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: scaled(60_000),
  });
  return { status: gcc.status, messages: gcc.stderr };
}

/** The markers of a solution: the lines of its `/* .....` comments. */
function markerLines(text: string): number[] {
  return text
    .split('\n')
    .flatMap((line, i) => Array(line.split('/* .....').length - 1).fill(i + 1) as number[]);
}

/** Whether `sub` is a subsequence of `all`. */
function isSubsequence(sub: string[], all: string[]): boolean {
  let j = 0;
  for (const line of all) if (j < sub.length && line === sub[j]) j++;
  return j === sub.length;
}

describe('the marker convention', () => {
  /** The skeleton of `src` without the C pragmas. */
  const c = (src: string): string => skeleton(src, 'c').text.replace(C_SKELETON_PRAGMAS + '\n', '');
  const t = (src: string): string => skeleton(src, 'ts').text;

  it('after `=`: the right-hand side, its comment kept', () => {
    const src = '  serveur.sin_port = /* ..... le port */ htons(port);\n';
    expect(c(src)).toBe('  serveur.sin_port = /* ..... le port */ 0;\n');
    expect(skeleton(src, 'c').blanks).toEqual([
      { line: 1, what: 'le port', answer: 'htons(port)', filler: '0' },
    ]);
    expect(t(src)).toBe('  serveur.sin_port = /* ..... le port */ 0;\n');
  });

  it('right after `(`: every argument; a number in TS where it evidently is one', () => {
    expect(c('s = socket(/* ..... */ AF_INET, SOCK_DGRAM, 0);\n')).toBe(
      's = socket(/* ..... */ 0, 0, 0);\n',
    );
    expect(t('bind(/* ..... */ s, addr, sizeof.sockaddr_in);\n')).toBe(
      'bind(/* ..... */ 0 as never, 0 as never, 0);\n',
    );
  });

  it('after a comma: one argument; a string where the answer is one', () => {
    expect(c('printf("%s:%d\\n", /* ..... */ inet_ntoa(a.sin_addr), ntohs(a.sin_port));\n')).toBe(
      'printf("%s:%d\\n", /* ..... */ "", ntohs(a.sin_port));\n',
    );
    expect(t('h = gethostbyname(/* ..... */ argv[1]);\n')).toBe(
      "h = gethostbyname(/* ..... */ '');\n",
    );
  });

  it('brackets, strings and comments inside the answer; an answer on two lines', () => {
    expect(c('f(/* ..... */ g(")", \';\' /* ) */), h[1]);\nnext();\n')).toBe(
      'f(/* ..... */ 0, 0);\nnext();\n',
    );
    expect(t('f(/* ..... */ `a)${b}`, 1);\n')).toBe('f(/* ..... */ 0 as never, 0);\n');
    expect(c('ret = recvfrom(/* ..... */ s, buf,\n               n, 0);\n')).toBe(
      'ret = recvfrom(/* ..... */ 0, 0, 0, 0);\n',
    );
  });

  it("the marker's filler after `|`, for the whole blank", () => {
    const src = "a.sin_addr = /* ..... l'adresse | (struct in_addr){0} */ *p;\n";
    expect(c(src)).toBe("a.sin_addr = /* ..... l'adresse */ (struct in_addr){0};\n");
  });

  it('other comments are not markers; a C file without any gets no pragma', () => {
    const src = '/* .... four dots */ x = 1; // ..... a line comment\ns = "/* ..... */";\n';
    expect(skeleton(src, 'c')).toEqual({ text: src, blanks: [] });
  });

  it('a marker that marks nothing, inside another blank, or without an end', () => {
    const error = (src: string): string => {
      try {
        skeleton(src, 'ts');
      } catch (e) {
        expect(e).toBeInstanceOf(MarkerError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error('a = 1;\nb = /* ..... */;\n')).toBe('line 2: a marker before no code');
    expect(error('f(/* ..... */ a, g(/* ..... */ b));\n')).toBe(
      'line 1: a marker inside the code of another blank',
    );
    expect(error('x = /* ..... */ a\n')).toBe(
      'line 1: the blank has no end (no `;` nor closing bracket)',
    );
  });
});

describe('every course program has an exercise', () => {
  const generated = new Map<string, string>();
  beforeAll(async () => {
    for (const program of programs) {
      const dir = path.join(work, 'all', program.name);
      const result = await run([program.name, dir]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      generated.set(program.name, dir);
    }
  }, scaled(60_000));

  it('20 programs: the 14 ports and the 6 multi-client servers', () => {
    expect(programs.length).toBe(20);
    expect(programs.filter((p) => p.name.startsWith('multiclient/')).length).toBe(6);
  });

  for (const program of programs) {
    const base = path.basename(program.name);
    describe(program.name, () => {
      it(`the TS skeleton compiles with the exercise's tsconfig.json`, () => {
        const dir = generated.get(program.name)!;
        linkModules(dir);
        expect(compileTs(dir)).toBe('');
      });

      it(`the C skeleton compiles with course/Makefile's flags`, () => {
        const dir = generated.get(program.name)!;
        expect(compileC(dir, base)).toEqual({ status: 0, messages: expect.any(String) });
        expect(fs.existsSync(path.join(dir, base))).toBe(true);
      });

      for (const language of ['c', 'ts'] as const) {
        it(`${language}: a blank where each marker is, nothing else changed`, () => {
          const solution = fs.readFileSync(
            path.join(root, 'course', `${program.name}.${language}`),
            'utf8',
          );
          const written = fs.readFileSync(
            path.join(generated.get(program.name)!, `${base}.${language}`),
            'utf8',
          );
          const { blanks } = skeleton(solution, language);
          const markers = markerLines(solution);
          expect(markers.length).toBeGreaterThan(0);
          expect(blanks.map((b) => b.line)).toEqual(markers);
          // Each blank: its comment, then the filler, then what followed the answer.
          for (const blank of blanks) {
            const comment = `/* .....${blank.what ? ' ' + blank.what : ''} */`;
            expect(written).toContain(`${comment} ${blank.filler}`);
            expect(blank.answer).not.toBe(blank.filler);
          }
          expect(written.split('/* .....').length - 1).toBe(blanks.length);
          // Every other line of the solution is in the skeleton, in its order: all but the
          // marked lines and the lines an answer continues on.
          const taken = new Set<number>();
          for (const b of blanks) {
            for (let k = 0; k <= b.answer.split('\n').length - 1; k++) taken.add(b.line + k);
          }
          const kept = solution
            .split('\n')
            .filter((_, i) => !taken.has(i + 1))
            .map((line) => line.replace("from '../lib/", "from './"));
          let lines = written.split('\n');
          if (language === 'c') {
            expect(written).toContain(C_SKELETON_PRAGMAS);
            lines = written.replace(C_SKELETON_PRAGMAS + '\n', '').split('\n');
          }
          expect(isSubsequence(kept, lines)).toBe(true);
          expect(lines.length).toBeLessThanOrEqual(solution.split('\n').length);
        });
      }

      it('package.json builds both and checks with bsd-sockets-course check', () => {
        const dir = generated.get(program.name)!;
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
        const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
        expect(pkg.scripts).toEqual({
          build: `tsc -p tsconfig.json && gcc -Wall -Wextra -Werror -O2 -o ${base} ${base}.c`,
          check: `bsd-sockets-course check ${program.name} ${base}.ts`,
          'check:c': `bsd-sockets-course check ${program.name} ${base}.c`,
        });
        expect(pkg.dependencies).toEqual({ 'bsd-sockets': `^${own.version}` });
        expect(Object.keys(pkg.devDependencies).sort()).toEqual(['@types/node', 'typescript']);
        const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
        expect(tsconfig.compilerOptions).toMatchObject({
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
        });
        const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
        expect(readme).toContain('npm run build');
        expect(readme).toContain(`npm run check        # bsd-sockets-course check ${program.name}`);
        expect(readme).toContain(`\`node dist/${base}.js ${program.example}\``);
      });
    });
  }

  it('the multi-client servers come with service.h and service.ts; serveur_async with libc.ts', () => {
    const dir = generated.get('multiclient/serveur_async')!;
    expect(
      fs
        .readdirSync(dir)
        .filter((f) => !['node_modules', 'dist'].includes(f))
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        'libc.ts',
        'service.h',
        'service.ts',
        'serveur_async.c',
        'serveur_async.ts',
      ]),
    );
    const ts_ = fs.readFileSync(path.join(dir, 'serveur_async.ts'), 'utf8');
    expect(ts_).toContain("from './libc';");
    expect(ts_).toContain("from './service';");
    // The companions are the course's files as they are.
    expect(fs.readFileSync(path.join(dir, 'service.h'), 'utf8')).toBe(
      fs.readFileSync(path.join(root, 'course', 'multiclient', 'service.h'), 'utf8'),
    );
  });
});

describe('tp_udp/clientu, the lab sheet exercise 1.2', () => {
  const dir = path.join(work, 'clientu');
  beforeAll(async () => {
    expect((await run(['tp_udp/clientu', dir])).status).toBe(0);
    linkModules(dir);
  });

  it('blanks the socket call, the address fills and getsockname, as the lab sheet', () => {
    const c = fs.readFileSync(path.join(dir, 'clientu.c'), 'utf8').split('\n');
    expect(c).toContain(
      '  if ((sock = socket(/* ..... domaine, type, protocole */ 0, 0, 0)) == -1) {',
    );
    expect(c).toContain('  serveur.sin_family = /* ..... la famille */ 0;');
    expect(c).toContain('  serveur.sin_port = /* ..... le port, en ordre réseau */ 0;');
    expect(c).toContain('  getsockname(/* ..... socket, adresse, longueur */ 0, 0, 0);');
    const t = fs.readFileSync(path.join(dir, 'clientu.ts'), 'utf8').split('\n');
    expect(t).toContain(
      '  if ((sock = socket(/* ..... domaine, type, protocole */ 0, 0, 0)) === -1) {',
    );
    expect(t).toContain('  serveur.sin_port = /* ..... le port, en ordre réseau */ 0;');
    expect(t).toContain(
      '  getsockname(/* ..... socket, adresse, longueur */ 0 as never, 0 as never, 0 as never);',
    );
  });

  it('both skeletons run and fail where the first blank is: socket(0, 0, 0)', () => {
    expect(compileC(dir, 'clientu').status).toBe(0);
    expect(compileTs(dir, true)).toBe('');
    const c = spawnSync(path.join(dir, 'clientu'), ['1', '127.0.0.1', '9'], {
      encoding: 'utf8',
      timeout: scaled(10_000),
    });
    const node = spawnSync(
      process.execPath,
      [path.join(dir, 'dist', 'clientu.js'), '1', '127.0.0.1', '9'],
      {
        encoding: 'utf8',
        timeout: scaled(10_000),
      },
    );
    // socket(AF_UNSPEC, 0, 0): EAFNOSUPPORT, in C and in TS alike.
    expect(c.status).toBe(1);
    expect(c.stderr).toBe(
      `${path.join(dir, 'clientu')}: socket Address family not supported by protocol\n`,
    );
    expect(node.status).toBe(1);
    expect(node.stderr).toMatch(/: socket Address family not supported by protocol\n$/);
  });
});

describe('--from: a teacher marks more or fewer blanks', () => {
  it('a copy with the socket marker taken out and snprintf marked', async () => {
    const solution = fs.readFileSync(path.join(root, 'course', 'tp_udp', 'clientu.c'), 'utf8');
    const copy = solution
      .replace('socket(/* ..... domaine, type, protocole */ AF_INET', 'socket(AF_INET')
      .replace(
        'snprintf(buf_write,',
        'snprintf(/* ..... la question | buf_write, sizeof(buf_write), " " */ buf_write,',
      );
    expect(copy).not.toBe(solution);
    const teacher = path.join(work, 'teacher-clientu.c');
    fs.writeFileSync(teacher, copy);
    const dir = path.join(work, 'from');
    const result = await run(['tp_udp/clientu', dir, '--from', teacher]);
    expect(result.status).toBe(0);
    const c = fs.readFileSync(path.join(dir, 'clientu.c'), 'utf8');
    expect(c).toContain('  if ((sock = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {');
    expect(c).toContain('    snprintf(/* ..... la question */ buf_write, sizeof(buf_write), " ");');
    expect(c.split('/* .....').length - 1).toBe(markerLines(solution).length);
    expect(compileC(dir, 'clientu')).toEqual({ status: 0, messages: expect.any(String) });
    // The TS is the course's, with its own blanks.
    expect(fs.readFileSync(path.join(dir, 'clientu.ts'), 'utf8')).toContain(
      'socket(/* ..... domaine, type, protocole */ 0, 0, 0)',
    );
    expect(result.stdout).toContain(`clientu.c (${markerLines(solution).length} blanks)`);
  });

  it('a marker before no code: exit 2, the file and line named, nothing written', async () => {
    const teacher = path.join(work, 'broken.ts');
    fs.writeFileSync(teacher, 'const a = 1;\nconst b = /* ..... */;\n');
    const dir = path.join(work, 'broken');
    const result = await run(['tp_udp/clientu', dir, '--from', teacher]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `bsd-sockets-course exercise: ${teacher}:2: a marker before no code\n`,
    );
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('bad input: exit 2 and a usage line', () => {
  const usage = 'usage: bsd-sockets-course exercise <program> <dir> [--from FILE.c|FILE.ts]...\n';
  const cases: [string, string[], string][] = [
    ['no argument', [], 'missing argument'],
    ['no directory', ['tp_udp/clientu'], 'missing argument'],
    ['three words', ['tp_udp/clientu', 'a', 'b'], 'too many arguments'],
    ['an unknown option', ['--frm', 'x', 'tp_udp/clientu', 'd'], 'unknown option --frm'],
    ['--from without its file', ['tp_udp/clientu', 'd', '--from'], '--from needs a file'],
    [
      '--from a missing file',
      ['tp_udp/clientu', 'd', '--from', '/nonexistent/x.c'],
      '--from /nonexistent/x.c: no such file',
    ],
    [
      '--from neither .c nor .ts',
      ['tp_udp/clientu', 'd', '--from', 'x.py'],
      '--from x.py: not a .c or a .ts file',
    ],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const result = await run(argv);
      expect(result).toEqual({
        status: 2,
        stdout: '',
        stderr: `bsd-sockets-course exercise: ${message}\n${usage}`,
      });
    });
  }

  it('an unknown program, or a tool of the course', async () => {
    for (const name of ['tp_udp/nope', 'tools/nc', './clientu.ts']) {
      const result = await run([name, path.join(work, 'unknown')]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^bsd-sockets-course exercise: no course program "${name.replace(/[./]/g, '\\$&')}" \\(one of: udp_ipv4/client_ipv4, `,
        ),
      );
      expect(result.stderr.endsWith(usage)).toBe(true);
    }
    expect(fs.existsSync(path.join(work, 'unknown'))).toBe(false);
  });

  it('a directory that is not empty, or a file: nothing overwritten', async () => {
    const dir = path.join(work, 'full');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'clientu.c'), 'mine\n');
    expect(await run(['tp_udp/clientu', dir])).toEqual({
      status: 2,
      stdout: '',
      stderr: `bsd-sockets-course exercise: ${dir} exists and is not empty\n${usage}`,
    });
    expect(fs.readdirSync(dir)).toEqual(['clientu.c']);
    expect(fs.readFileSync(path.join(dir, 'clientu.c'), 'utf8')).toBe('mine\n');
    const file = path.join(dir, 'clientu.c');
    expect((await run(['tp_udp/clientu', file])).stderr).toBe(
      `bsd-sockets-course exercise: ${file} exists and is not a directory\n${usage}`,
    );
  });

  it('an empty directory is fine', async () => {
    const dir = path.join(work, 'empty');
    fs.mkdirSync(dir);
    expect((await run(['tp_tcp/serveur', dir])).status).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'package.json',
        'serveur.c',
        'serveur.ts',
        'tsconfig.json',
      ].sort(),
    );
  });

  it('--help: the usage on stdout, exit 0', async () => {
    const result = await run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith(usage)).toBe(true);
    expect(result.stderr).toBe('');
  });
});
