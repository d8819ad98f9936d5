/**
 * Benchmark 1, TS binding: getsockname(2) on a bound UDP socket, nanoseconds per call.
 *
 *   node getsockname.js          the C way: one sockaddr_in and one socklen_t box, filled
 *                                again by every call (addrlen reset first, as in C)
 *   node getsockname.js new      getsockname(fd): a new object per call
 */
import {
  SOCK_DGRAM,
  close,
  getsockname,
  sizeof,
  type sockaddr_in,
  type socklen_t,
} from '../../src/index';
import { boundToLoopback } from '../common/loopback';
import { measure, nsPerOp, report } from '../common/measure';

const { fd, addr: bound } = boundToLoopback(SOCK_DGRAM);
const addr: sockaddr_in = { ...bound, sin_addr: { ...bound.sin_addr } };
const addrlen: socklen_t = { value: sizeof.sockaddr_in };

const timing =
  process.argv[2] === 'new'
    ? measure(1000, (n) => {
        for (let i = 0; i < n; i++) getsockname(fd);
      })
    : measure(1000, (n) => {
        for (let i = 0; i < n; i++) {
          addrlen.value = sizeof.sockaddr_in;
          getsockname(fd, addr, addrlen);
        }
      });
report(nsPerOp(timing), 'ns/call');
close(fd);
