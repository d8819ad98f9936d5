/**
 * `bsd-sockets-course new <dir>` (tools/course/new.ts, through newMain until the CLI wires
 * it): the project it writes, type stripping by Node version, `npm start` building and
 * running both hello programs (with the package linked as npm would install it; from the
 * packed tarball: test/package/new-project.sh), and bad input.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { newMain, projectFiles, typeStripping } from '../../tools/course/new';
import { scaled } from '../course/timeouts';

const root = path.resolve(__dirname, '..', '..');
const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bsd-sockets-new-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

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
    return { status: await newMain(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('type stripping, by Node version', () => {
  const table: [string, string][] = [
    ['20.17.0', 'none'],
    ['20.20.2', 'none'],
    ['22.5.1', 'none'],
    ['22.6.0', 'flag'],
    ['22.17.1', 'flag'],
    ['22.18.0', 'default'],
    ['23.5.0', 'flag'],
    ['23.6.0', 'default'],
    ['24.0.0', 'default'],
    ['v26.1.0', 'default'],
  ];
  for (const [version, expected] of table) {
    it(`${version}: ${expected}`, () => expect(typeStripping(version)).toBe(expected));
  }

  it('npm start: tsc into dist/ without it, tsc --noEmit then node file.ts with it', () => {
    const start = (version: string): string => {
      const pkg = projectFiles('p', version).find((f) => f.name === 'package.json')!;
      return JSON.parse(pkg.text).scripts.start;
    };
    expect(start('20.17.0')).toBe('tsc && node dist/hello.js && node dist/hello_c.js');
    expect(start('22.6.0')).toBe(
      'tsc --noEmit && node --experimental-strip-types hello.ts && node --experimental-strip-types hello_c.ts',
    );
    expect(start('22.18.0')).toBe('tsc --noEmit && node hello.ts && node hello_c.ts');
    const readme = (version: string): string =>
      projectFiles('p', version).find((f) => f.name === 'README.md')!.text;
    expect(readme('20.17.0')).toContain('does not run `.ts` files itself');
    expect(readme('22.6.0')).toContain('with `--experimental-strip-types`');
    expect(readme('24.0.0')).toContain('runs `.ts` files itself (type stripping)');
  });
});

describe('new <dir>', () => {
  const dir = path.join(work, 'My Project');

  it('writes package.json, tsconfig.json, README.md, hello.ts, hello_c.ts', async () => {
    const result = await run([dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`next: cd ${dir} && npm install && npm start\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(
      ['.gitignore', 'README.md', 'hello.ts', 'hello_c.ts', 'package.json', 'tsconfig.json'].sort(),
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-project');
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies).toEqual({ 'bsd-sockets': `^${own.version}` });
    expect(pkg.devDependencies.typescript).toBe(own.devDependencies.typescript);
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^\d+\./);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      types: ['node'],
    });
    expect(fs.readFileSync(path.join(dir, 'hello.ts'), 'utf8')).toContain("from 'bsd-sockets';");
    expect(fs.readFileSync(path.join(dir, 'hello_c.ts'), 'utf8')).toContain(
      "from 'bsd-sockets/c';",
    );
  });

  it('npm start builds and runs both programs (ES modules)', () => {
    // What npm install puts in node_modules: the package, typescript, @types/node.
    const modules = path.join(dir, 'node_modules');
    fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
    fs.mkdirSync(path.join(modules, '.bin'));
    fs.symlinkSync(root, path.join(modules, 'bsd-sockets'));
    fs.symlinkSync(path.join(root, 'node_modules', 'typescript'), path.join(modules, 'typescript'));
    fs.symlinkSync(
      path.join(root, 'node_modules', '@types', 'node'),
      path.join(modules, '@types', 'node'),
    );
    fs.symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin', 'tsc'));
    const npm = spawnSync('npm', ['start', '--silent'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: scaled(120_000),
    });
    expect(npm.stderr).toBe('');
    expect(npm.stdout).toMatch(
      /^hello\.ts: "hello" from 127\.0\.0\.1:\d+\nhello_c\.ts: "hello" from 127\.0\.0\.1:\d+\n$/,
    );
    expect(npm.status).toBe(0);
    const stripping = typeStripping(process.versions.node);
    expect(fs.existsSync(path.join(dir, 'dist', 'hello.js'))).toBe(stripping === 'none');
  });
});

describe('bad input: exit 2 and a usage line', () => {
  const usage = 'usage: bsd-sockets-course new <dir>\n';
  const cases: [string, string[], string][] = [
    ['no argument', [], 'missing <dir>'],
    ['two', ['a', 'b'], 'too many arguments'],
    ['an option', ['--force', 'a'], 'unknown option --force'],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      expect(await run(argv)).toEqual({
        status: 2,
        stdout: '',
        stderr: `bsd-sockets-course new: ${message}\n${usage}`,
      });
    });
  }

  it('a directory that is not empty: nothing written', async () => {
    const dir = path.join(work, 'full');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'hello.ts'), 'mine\n');
    expect(await run([dir])).toEqual({
      status: 2,
      stdout: '',
      stderr: `bsd-sockets-course new: ${dir} exists and is not empty\n${usage}`,
    });
    expect(fs.readdirSync(dir)).toEqual(['hello.ts']);
    expect(fs.readFileSync(path.join(dir, 'hello.ts'), 'utf8')).toBe('mine\n');
  });

  it('--help: the usage on stdout, exit 0', async () => {
    const result = await run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith(usage)).toBe(true);
  });
});
