/**
 * Benchmark 1, bsd-sockets/c: getsockname(2) on a bound UDP socket, nanoseconds per call,
 * written as the C reference is: one sockaddr_in and one socklen_t, the result tested.
 */
import {
  SOCK_DGRAM,
  close,
  getsockname,
  sizeof,
  type sockaddr_in,
  type socklen_t,
} from '../../src/c/index';
import { boundToLoopback } from '../common/loopback';
import { measure, nsPerOp, report } from '../common/measure';

const { fd, addr: bound } = boundToLoopback(SOCK_DGRAM);
const addr: sockaddr_in = { ...bound, sin_addr: { ...bound.sin_addr } };
const addrlen: socklen_t = { value: sizeof.sockaddr_in };

const timing = measure(1000, (n) => {
  for (let i = 0; i < n; i++) {
    addrlen.value = sizeof.sockaddr_in;
    if (getsockname(fd, addr, addrlen) === -1) throw new Error('getsockname failed');
  }
});
report(nsPerOp(timing), 'ns/call');
close(fd);
