/**
 * Benchmark 2, bsd-sockets/c: sendto(2) of 16-byte datagrams to a bound socket that never
 * reads, nanoseconds per call, written as the C reference is (the result tested).
 */
import { AF_INET, SOCK_DGRAM, close, sendto, sizeof, socket } from '../../src/c/index';
import { boundToLoopback } from '../common/loopback';
import { measure, nsPerOp, report } from '../common/measure';

const { fd: receiver, addr: dest } = boundToLoopback(SOCK_DGRAM);
const fd = socket(AF_INET, SOCK_DGRAM, 0);
const payload = new Uint8Array(16);

const timing = measure(1000, (n) => {
  for (let i = 0; i < n; i++) {
    if (sendto(fd, payload, payload.length, 0, dest, sizeof.sockaddr_in) === -1) {
      throw new Error('sendto failed');
    }
  }
});
report(nsPerOp(timing), 'ns/call');
close(fd);
close(receiver);
