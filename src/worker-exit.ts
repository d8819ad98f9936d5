/**
 * A Worker blocked in a system call ends when it is terminated, as a C thread ends with
 * exit(): `worker.terminate()` settles and `process.exit()` exits even while a worker waits
 * in recvfrom, accept, connect, poll or select (native/interrupt.h has the mechanism: a
 * signal to the blocked thread, whose handler does not restart the call).
 *
 * What this module adds, once per thread that loads the package:
 * - in a worker, the thread registers itself under its `threadId`;
 * - `Worker.prototype.terminate` tells native which worker is ending, right after Node.js
 *   has asked V8 to stop it (the wrapper calls the original first, and returns its result);
 * - on the main thread, the `'exit'` event (process.exit(), or the end of the program) tells
 *   native that every worker is ending, before Node.js joins them.
 * A thread that is not ending sees no signal and no extra system call.
 */
import { Worker, isMainThread, threadId } from 'node:worker_threads';

export interface InterruptBinding {
  register_worker(threadId: number): void;
  interrupt_worker(threadId: number): void;
  interrupt_all(): void;
}

/** Where the wrapper keeps the addons to tell (two builds may be loaded in one thread). */
const INTERRUPTERS = Symbol.for('bsd-sockets.worker-exit');

type Terminate = (this: Worker, ...args: unknown[]) => Promise<number>;
interface PatchedPrototype {
  terminate: Terminate;
  [INTERRUPTERS]?: InterruptBinding[];
}

export function installWorkerExit(native: InterruptBinding): void {
  if (typeof native.register_worker !== 'function') return;
  if (isMainThread) {
    process.on('exit', () => native.interrupt_all());
  } else {
    native.register_worker(threadId);
  }
  const proto = Worker.prototype as unknown as PatchedPrototype;
  let interrupters = proto[INTERRUPTERS];
  if (interrupters === undefined) {
    const list: InterruptBinding[] = [];
    interrupters = list;
    const terminate = proto.terminate;
    Object.defineProperty(proto, INTERRUPTERS, { value: list });
    Object.defineProperty(proto, 'terminate', {
      configurable: true,
      writable: true,
      value: function terminate_(this: Worker, ...args: unknown[]): Promise<number> {
        const id = this.threadId;
        const result = terminate.apply(this, args);
        for (const binding of list) binding.interrupt_worker(id);
        return result;
      },
    });
  }
  interrupters.push(native);
}
