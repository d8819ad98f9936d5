/**
 * Which system call a process's main thread is blocked in, read from /proc/<pid>/syscall.
 *
 * Why: a traced server is stopped with SIGTERM once its client is done, and its trace must
 * end the same way in C and in TS — inside the call that waits for the next client (accept,
 * recvfrom), not anywhere before it. A server blocked there has done everything the client
 * caused, so waiting for that state, rather than for a fixed delay, makes the end of the
 * trace deterministic. It also tells when a traced server is ready: blocked in accept means
 * bound and listening.
 *
 * /proc/<pid>/syscall holds the number of the call the thread is in, then its arguments, or
 * `running` (proc(5)). Reading it needs ptrace access to the process, which the tests have
 * whenever strace works: the traced command is their descendant. The main thread's tid is
 * the pid, so for Node this is the JS thread, where the ports make their blocking calls.
 *
 * A server that waits for everything in one call (select, poll, or the event loop's epoll_pwait
 * under bsd-sockets/promises) is in that call between its client's requests too: blocked there,
 * it may still owe that client its last calls (the recv of the end, the close). For those,
 * waitUntilBlockedIn also takes a number of sockets (`maxSockets`, counted in /proc/<pid>/fd):
 * blocked in the call with no more sockets than before the client came, the server has closed
 * the client's socket — its last call for that client — and waits for the next one.
 */
import { readdirSync, readlinkSync, readFileSync } from 'node:fs';

/**
 * Syscall numbers of the waiting calls, by process.arch (asm/unistd_64.h, asm-generic/unistd.h;
 * arm64 has no poll, select nor epoll_wait: glibc makes ppoll, pselect6, epoll_pwait there).
 */
const SYSCALL_NUMBERS: Partial<Record<NodeJS.Architecture, Record<string, number>>> = {
  x64: {
    read: 0,
    poll: 7,
    select: 23,
    accept: 43,
    recvfrom: 45,
    recvmsg: 47,
    epoll_wait: 232,
    pselect6: 270,
    ppoll: 271,
    epoll_pwait: 281,
    accept4: 288,
    epoll_pwait2: 441,
  },
  arm64: {
    epoll_pwait: 22,
    read: 63,
    pselect6: 72,
    ppoll: 73,
    accept: 202,
    recvfrom: 207,
    recvmsg: 212,
    accept4: 242,
    epoll_pwait2: 441,
  },
};

/** The names of the calls this machine's table knows; empty where the architecture is not listed. */
export function knownWaitingCalls(): string[] {
  return Object.keys(SYSCALL_NUMBERS[process.arch] ?? {});
}

/**
 * The name of the call `pid`'s main thread is in, when it is one of the table's; `running`
 * when it runs; `other` for any other call; undefined when it cannot be read (the process is
 * gone, or the file is locked for a moment: reading it fails while the process execs).
 */
export function blockedIn(pid: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/task/${pid}/syscall`, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (text === 'running') return 'running';
  const number = Number(text.split(' ')[0]);
  const table = SYSCALL_NUMBERS[process.arch] ?? {};
  return Object.keys(table).find((name) => table[name] === number) ?? 'other';
}

/** How many sockets `pid` has open (links `socket:[inode]` in /proc/<pid>/fd); undefined when gone. */
export function openSockets(pid: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  let count = 0;
  for (const name of names) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${name}`).startsWith('socket:')) count++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return count;
}

/**
 * Waits until `pid()` is blocked in one of `calls` — and, with `maxSockets`, has at most that
 * many sockets open — polling every 10 ms. Where this architecture's numbers are not known,
 * waits `fallbackMs` instead (a guess). Rejects after `timeoutMs`, or as soon as the process,
 * once seen, has ended.
 */
export async function waitUntilBlockedIn(
  pid: () => number | undefined,
  calls: readonly string[],
  options: { timeoutMs?: number; fallbackMs?: number; maxSockets?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (SYSCALL_NUMBERS[process.arch] === undefined) {
    await sleep(options.fallbackMs ?? 500);
    return;
  }
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  let seen = false;
  while (Date.now() < deadline) {
    const current = pid();
    if (current === undefined && seen) throw new Error('the traced command ended');
    seen ||= current !== undefined;
    // The sockets first, then the call: a wait seen after the client's socket was seen
    // closed is the wait that follows its close, not one before it.
    const sockets =
      current === undefined || options.maxSockets === undefined ? undefined : openSockets(current);
    last = current === undefined ? undefined : blockedIn(current);
    if (last !== undefined && calls.includes(last)) {
      if (options.maxSockets === undefined) return;
      if (sockets !== undefined && sockets <= options.maxSockets) return;
      last = `${last}, ${sockets ?? '?'} sockets open`;
    }
    await sleep(10);
  }
  const sockets =
    options.maxSockets === undefined ? '' : ` with ${options.maxSockets} sockets or fewer`;
  throw new Error(
    `the traced command was not blocked in ${calls.join(' or ')}${sockets} after ${timeoutMs} ms (last seen: ${last ?? 'no process'})`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
