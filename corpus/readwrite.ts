/*
 * readwrite.ts - writen and readline, as the socket textbooks give them to their programs.
 *
 * writen: all n bytes, again after a short write or a signal.
 * readline: one line, '\n' kept and a NUL added, one byte per read(2) so that nothing past
 * the '\n' is taken from the socket; returns its length, 0 at end of file, -1 on error.
 */
import { EINTR, errno, read, write } from 'bsd-sockets/c';

export function writen(fd: number, buf: Uint8Array, n: number): number {
  let done = 0;
  let w: number;

  while (done < n) {
    w = write(fd, buf.subarray(done), n - done);
    if (w === -1 && errno === EINTR) continue;
    if (w <= 0) return -1;
    done += w;
  }
  return done;
}

export function readline(fd: number, line: Uint8Array, size: number): number {
  let len = 0;
  let r: number;
  const c = new Uint8Array(1);

  while (len + 1 < size) {
    r = read(fd, c, 1);
    if (r === -1 && errno === EINTR) continue;
    if (r === -1) return -1;
    if (r === 0) break;
    line[len++] = c[0];
    if (c[0] === 0x0a) break;
  }
  line[len] = 0;
  return len;
}
