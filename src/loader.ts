/**
 * Finds and loads the compiled addon, in the order node-gyp-build uses:
 *
 * 1. `BSD_SOCKETS_BINDING`, the full path of a `.node` file: that file only;
 * 2. `BSD_SOCKETS_BUILD`, a build directory (`build-cmake`, `build-asan`): its `Release/`,
 *    then `Debug/`, and nothing else, so that a test of one build never runs another;
 * 3. otherwise `build/Release`, `build/Debug` (a build from source, which exists only when
 *    the prebuilt binary did not load at install, or in a clone of the repository), then
 *    the prebuilt binaries shipped in the package: `prebuilds/<platform>-<arch>/*.node`.
 *
 * A candidate that exists but does not load (built for a newer glibc, cut short by an
 * interrupted build) is passed over for the next one; the error names them all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The directory holding package.json and native/, found from `start` upwards. */
export function packageRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'native'))) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`bsd-sockets: cannot find the package root above ${start}`);
}

/**
 * The C library of this process, which prebuilt binaries are tagged with (`glibc`, `musl`):
 * musl when Node's own ELF interpreter is musl's. One read of the node binary's head, and no
 * `process.report` (which lists the network interfaces, through sockets of its own).
 */
function libc(): 'glibc' | 'musl' {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(process.execPath, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.includes('ld-musl-') ? 'musl' : 'glibc';
}

/**
 * The prebuilt binaries for this platform, in `dir`: files named by prebuildify
 * (`<name>.<tag>….node`), kept when their tags ask for nothing this process lacks
 * (a `napi` build, and a libc tag, if any, that is this process's).
 */
export function prebuiltCandidates(dir: string, platform: string, arch: string): string[] {
  const folder = path.join(dir, 'prebuilds', `${platform}-${arch}`);
  if (!fs.existsSync(folder)) return [];
  const files = fs.readdirSync(folder).filter((file) => file.endsWith('.node'));
  const libcOf = (file: string) =>
    file
      .split('.')
      .slice(1, -1)
      .find((tag) => tag === 'glibc' || tag === 'musl');
  const ours = files.some((file) => libcOf(file) !== undefined) ? libc() : undefined;
  return files
    .filter((file) => [undefined, ours].includes(libcOf(file)))
    .sort()
    .map((file) => path.join(folder, file));
}

/**
 * Every file the loader would try, in order, for the package at `root`; lazily, so that the
 * prebuilds/ folder is not even read when build/ has an addon that loads.
 */
export function* addonCandidates(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
  arch: string = process.arch,
): Generator<string> {
  if (env.BSD_SOCKETS_BINDING) {
    yield path.resolve(env.BSD_SOCKETS_BINDING);
    return;
  }
  const inBuild = (dir: string) =>
    ['Release', 'Debug'].map((config) => path.resolve(root, dir, config, 'bsd_sockets.node'));
  yield* inBuild(env.BSD_SOCKETS_BUILD || 'build');
  if (!env.BSD_SOCKETS_BUILD) yield* prebuiltCandidates(root, platform, arch);
}

/** The advice given when nothing loads: what works for a user of the package, and in a clone. */
export const REBUILD_ADVICE =
  'run `npm rebuild bsd-sockets --build-from-source` in your project to build it from source ' +
  '(it needs a C++ compiler, make and python3: on Debian/Ubuntu `apt-get install g++ make python3`, ' +
  'on Fedora `dnf install gcc-c++ make python3`); in a clone of bsd-sockets, `npm run build:gyp`';

/** The prebuilt binaries the package at `root` ships, as `linux-x64 (glibc)`…, or none. */
export function shippedPrebuilds(root: string): string[] {
  const dir = path.join(root, 'prebuilds');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((folder) => {
      const files = fs.existsSync(path.join(dir, folder))
        ? fs.readdirSync(path.join(dir, folder)).filter((file) => file.endsWith('.node'))
        : [];
      if (files.length === 0) return [];
      const libcs = [
        ...new Set(files.map((file) => file.split('.').find((t) => t === 'glibc' || t === 'musl'))),
      ];
      return [`${folder}${libcs.some(Boolean) ? ` (${libcs.filter(Boolean).join(', ')})` : ''}`];
    });
}

/**
 * What this process is and what the package has for it: `linux-arm64 with glibc; the package
 * ships prebuilt binaries for linux-x64 (glibc) only`.
 */
export function platformSummary(
  root: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const shipped = shippedPrebuilds(root);
  const here = `${platform}-${arch}${platform === 'linux' ? ` with ${libc()}` : ''}`;
  if (shipped.length === 0) return `this is ${here}; the package ships no prebuilt binary`;
  const covered = prebuiltCandidates(root, platform, arch).length > 0;
  return (
    `this is ${here}; the package ships prebuilt binaries for ${shipped.join(', ')}` +
    (covered ? '' : `, none for ${here}`)
  );
}

/** Loads the first candidate that loads; throws, naming each one tried and why it failed. */
export function loadAddon<T>(start: string): { path: string; addon: T } {
  const root = packageRoot(start);
  const tried: string[] = [];
  for (const candidate of addonCandidates(root)) {
    if (!fs.existsSync(candidate)) {
      tried.push(`${candidate} (not there)`);
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { path: candidate, addon: require(candidate) as T };
    } catch (error) {
      tried.push(`${candidate} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  throw new Error(
    `bsd-sockets: no native addon loads; ${platformSummary(root)}. Tried ${tried.join(', ')}. ` +
      `To fix it, ${REBUILD_ADVICE}.`,
  );
}
