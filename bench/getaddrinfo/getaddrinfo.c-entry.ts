/**
 * Benchmark 5, bsd-sockets/c: getaddrinfo('localhost') with AF_UNSPEC and SOCK_STREAM
 * hints, then freeaddrinfo, calls per second, written as the C reference is.
 */
import { AF_UNSPEC, SOCK_STREAM, freeaddrinfo, getaddrinfo } from '../../src/c/index';
import type { addrinfo_ptr } from '../../src/c/index';
import { measure, opsPerSecond, report } from '../common/measure';

const hints = { ai_family: AF_UNSPEC, ai_socktype: SOCK_STREAM };
const res: addrinfo_ptr = { value: null };
const timing = measure(20, (n) => {
  for (let i = 0; i < n; i++) {
    if (getaddrinfo('localhost', null, hints, res) !== 0) throw new Error('getaddrinfo failed');
    freeaddrinfo(res.value!);
  }
});
report(opsPerSecond(timing), 'calls/s');
