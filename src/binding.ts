/**
 * The one binding loader: finds the compiled addon and types what it exports.
 *
 * It looks in `<package>/<build dir>/Release/bsd_sockets.node`, then `Debug/`, where the
 * build directory is `build` (node-gyp, the default), or what `BSD_SOCKETS_BUILD` names
 * (`build-cmake` for the cmake-js build, `build-asan` for the sanitizer build).
 * `BSD_SOCKETS_BINDING` may also give the full path of a `.node` file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A promise call's result: C's return value or -errno, now or once the call is made. */
export type PromiseResult = number | Promise<number>;

/** What the C++ layer exports; the public API in the other files re-exports it with docs. */
export interface NativeBinding {
  /** The memory shared with native (native/boundary.h, struct Scratch); see src/scratch.ts. */
  scratch: ArrayBuffer;
  /** struct name → { size, field: [offset, size] } (native/layout.cc); see src/layout.ts. */
  layout: Record<string, Record<string, number | [number, number]> & { size: number }>;
  constants: Record<string, number>;
  errno_names: Record<number, string>;
  sizeof: Record<
    | 'sockaddr'
    | 'sockaddr_in'
    | 'sockaddr_in6'
    | 'sockaddr_un'
    | 'sockaddr_storage'
    | 'in_addr'
    | 'in6_addr'
    | 'int'
    | 'timeval'
    | 'linger',
    number
  >;
  /**
   * bsd-sockets/promises (native/promises.cc). The first argument is the id `cancel` takes
   * (0: none). Each returns C's result as one number, the return value or -errno, when the
   * call could be made at once, else a promise of it. An output address is a view of
   * sizeof(struct sockaddr_storage) bytes then the socklen_t, `given` saying which pointers
   * the call gets (1: addr, 2: addrlen); an input address is copied from its view.
   */
  promises: {
    accept(id: number, sockfd: number, addr: Uint8Array | null, given: number): PromiseResult;
    accept4(
      id: number,
      sockfd: number,
      addr: Uint8Array | null,
      given: number,
      flags: number,
    ): PromiseResult;
    connect(id: number, sockfd: number, addr: Uint8Array, addrlen: number): PromiseResult;
    recv(id: number, sockfd: number, buf: Uint8Array, len: number, flags: number): PromiseResult;
    recvfrom(
      id: number,
      sockfd: number,
      buf: Uint8Array,
      len: number,
      flags: number,
      src_addr: Uint8Array | null,
      given: number,
    ): PromiseResult;
    read(id: number, fd: number, buf: Uint8Array, count: number): PromiseResult;
    send(id: number, sockfd: number, buf: Uint8Array, len: number, flags: number): PromiseResult;
    sendto(
      id: number,
      sockfd: number,
      buf: Uint8Array,
      len: number,
      flags: number,
      dest_addr: Uint8Array | null,
      addrlen: number,
    ): PromiseResult;
    write(id: number, fd: number, buf: Uint8Array, count: number): PromiseResult;
    poll(id: number, fds: Uint8Array | null, nfds: number, timeout: number): PromiseResult;
    cancel(id: number, reason: unknown): void;
  };
}

/** The directory holding package.json, found from this file in src/ or dist/src/. */
function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'native'))) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`bsd-sockets: cannot find the package root above ${__dirname}`);
}

function bindingPath(): string {
  const explicit = process.env.BSD_SOCKETS_BINDING;
  if (explicit) return path.resolve(explicit);
  const root = packageRoot();
  const buildDir = path.resolve(root, process.env.BSD_SOCKETS_BUILD || 'build');
  const candidates = ['Release', 'Debug'].map((config) =>
    path.join(buildDir, config, 'bsd_sockets.node'),
  );
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      `bsd-sockets: the native addon is not built (looked for ${candidates.join(', ')}); ` +
        'run `npm install` (node-gyp) or `npm run build:cmake`',
    );
  }
  return found;
}

/** The path of the loaded addon, for diagnostics and tests of both builds. */
export const binding_path: string = bindingPath();

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const native: NativeBinding = require(binding_path) as NativeBinding;
