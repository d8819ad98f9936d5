/**
 * Benchmark 2, TS binding: sendto(2) of 16-byte datagrams to a bound socket that never
 * reads, nanoseconds per call. The receiver's queue fills and Linux drops the rest there
 * (see sendto.c); sendto returns 16 all along.
 */
import { AF_INET, SOCK_DGRAM, close, sendto, socket } from '../../src/index';
import { boundToLoopback } from '../common/loopback';
import { measure, nsPerOp, report } from '../common/measure';

const { fd: receiver, addr: dest } = boundToLoopback(SOCK_DGRAM);
const fd = socket(AF_INET, SOCK_DGRAM, 0);
const payload = new Uint8Array(16);

const timing = measure(1000, (n) => {
  for (let i = 0; i < n; i++) sendto(fd, payload, payload.length, 0, dest);
});
report(nsPerOp(timing), 'ns/call');
close(fd);
close(receiver);
