/**
 * <time.h>: time and ctime, in JS, with C's results.
 *
 * C's time() is a vDSO call (no system call under strace), and so is Date.now() here: the
 * same seconds since the Epoch. ctime formats local time as glibc's asctime does, from the
 * same time zone (TZ, else /etc/localtime, which both glibc and Node read).
 */

/** A `time_t` a function writes through a pointer: C's `time_t t; time(&t);`. */
export interface time_t_box {
  value: number;
}

/**
 * `time_t time(time_t *tloc);` — time(2): seconds since the Epoch; also stored in
 * `tloc.value` when given (C's `time(&t)`). `time(null)` is C's `time(NULL)`.
 */
export function time(tloc: time_t_box | null = null): number {
  const now = Math.floor(Date.now() / 1000);
  if (tloc !== null) tloc.value = now;
  return now;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `char *ctime(const time_t *timep);` — ctime(3): "Sun Dec  6 21:47:10 2026\n" in local
 * time, as a char array (25 bytes and a NUL; glibc's `"%.3s %.3s%3d %.2d:%.2d:%.2d %d\n"`).
 * `timep` is the time_t itself or a box holding it (C's `&ticks`). Returns null for a time
 * beyond what a Date holds, where glibc returns NULL (EOVERFLOW).
 */
export function ctime(timep: number | time_t_box): Uint8Array | null {
  const t = typeof timep === 'number' ? timep : timep.value;
  const date = new Date(t * 1000);
  if (!Number.isFinite(date.getTime())) return null;
  const text =
    `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]}${String(date.getDate()).padStart(3, ' ')} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}\n`;
  return new Uint8Array(Buffer.from(`${text}\0`, 'latin1'));
}
