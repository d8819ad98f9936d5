/**
 * The one binding loader: loads the compiled addon (./loader.ts says where it looks) and
 * types what it exports.
 */
import { fastObject } from './fast';
import { loadAddon } from './loader';
import { installWorkerExit, type InterruptBinding } from './worker-exit';

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
   * the call gets (1: addr, 2: addrlen); an input address is copied from the scratch.
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
    /** The address is the scratch's (struct Scratch's addr), encoded there by TypeScript. */
    connect(id: number, sockfd: number, addrlen: number): PromiseResult;
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
      /** 1: dest_addr is the scratch's address (as for connect); 0: C's NULL. */
      given: number,
      addrlen: number,
    ): PromiseResult;
    write(id: number, fd: number, buf: Uint8Array, count: number): PromiseResult;
    poll(id: number, fds: Uint8Array | null, nfds: number, timeout: number): PromiseResult;
    cancel(id: number, reason: unknown): void;
    /**
     * `fn(syscall, errno)` makes what a failed recv, read, send, sendto, write or connect
     * rejects with: their promise rejects with that error and resolves with C's return
     * value (the others resolve with C's result in one number).
     */
    errors(fn: (syscall: string, errno: number) => Error): void;
  };
}

const loaded = loadAddon<NativeBinding>(__dirname);

/** The path of the loaded addon, for diagnostics and tests of both builds. */
export const binding_path: string = loaded.path;

// A fast-mode copy: every call reads one of its properties (src/fast.ts).
export const native: NativeBinding = fastObject(loaded.addon);

// A Worker blocked in a system call ends when terminated (src/worker-exit.ts).
installWorkerExit(native as unknown as InterruptBinding);
