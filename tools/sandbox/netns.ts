/**
 * A network namespace for a whole scenario: the checker (and every tool that runs a user's
 * file beside reference peers) runs itself again inside one, so that the user's program and
 * the peers it is checked against share a loopback of their own, with no other interface and
 * no route (network_namespaces(7)), and the slides' ports are free.
 *
 * As root this is `unshare -n`, as bsd-sockets-lab does; as an ordinary user, `unshare -Urn`
 * (a user namespace in which the user is root, which may then make the network namespace).
 * The tool runs as the same node with the same arguments; `ip link set lo up` inside, since a
 * new namespace's lo is down.
 */
import { spawn, spawnSync } from 'node:child_process';

/** Set in the environment of the run inside, so that it does not go in again. */
export const IN_NETNS_ENV = 'BSD_SOCKETS_IN_NETNS';

/** Whether this process is the run inside a namespace of ours. */
export function inOwnNetns(): boolean {
  return process.env[IN_NETNS_ENV] === '1';
}

/** unshare's options for this user: `-n` as root, `-Urn` otherwise. */
function unshareOptions(): string[] {
  return process.getuid?.() === 0 ? ['-n'] : ['-U', '-r', '-n'];
}

/**
 * Whether a namespace can be made here; or why not, in unshare's words (user namespaces
 * turned off for ordinary users, unshare(1) missing, a seccomp profile refusing it).
 */
export function netnsSupport(): { ok: true } | { ok: false; why: string } {
  const probe = spawnSync('unshare', [...unshareOptions(), 'true'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (probe.status === 0) return { ok: true };
  return {
    ok: false,
    why: (probe.error?.message ?? probe.stderr ?? `unshare exited with ${probe.status}`).trim(),
  };
}

/**
 * Runs `script` (this tool's own file) with `args` again inside a network namespace of its
 * own, with the terminal's stdio, and resolves to its exit status. SIGINT and SIGTERM sent to
 * this process are passed on; what runs inside cleans up after itself.
 */
export function runInOwnNetns(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(
    'unshare',
    [...unshareOptions(), process.execPath, ...process.execArgv, script, ...args],
    { stdio: 'inherit', env: { ...process.env, [IN_NETNS_ENV]: '1' } },
  );
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  for (const name of forwarded) process.on(name, pass);
  return new Promise((resolve) => {
    child.on('error', () => resolve(2));
    child.on('exit', (status, signal) => {
      for (const name of forwarded) process.removeListener(name, pass);
      resolve(status ?? (signal !== null ? 128 + 15 : 1));
    });
  });
}

/** Inside: brings lo up. Returns null, or why it could not (ip's words). */
export function loopbackUp(): string | null {
  const up = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8', timeout: 10_000 });
  if (up.status === 0) return null;
  return `ip link set lo up: ${(up.error?.message ?? up.stderr).trim()}`;
}
