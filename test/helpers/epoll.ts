/**
 * What the epoll sets of this process watch, read from /proc/self/fdinfo: which fds the
 * readiness watcher of bsd-sockets/promises has registered (see proc(5), "tfd").
 */
import * as fs from 'node:fs';

/** The target fds of every epoll instance of this process. */
export function epollTargets(): Set<number> {
  const targets = new Set<number>();
  for (const name of fs.readdirSync('/proc/self/fd')) {
    let link: string;
    try {
      link = fs.readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // closed while listing (the readdir's own fd)
    }
    if (link !== 'anon_inode:[eventpoll]') continue;
    const info = fs.readFileSync(`/proc/self/fdinfo/${name}`, 'utf8');
    for (const match of info.matchAll(/^tfd:\s+(\d+)/gm)) targets.add(Number(match[1]));
  }
  return targets;
}
