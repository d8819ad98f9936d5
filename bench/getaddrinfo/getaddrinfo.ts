/**
 * Benchmark 5, TS binding: getaddrinfo('localhost') with AF_UNSPEC and SOCK_STREAM hints,
 * then freeaddrinfo, calls per second.
 */
import { AF_UNSPEC, SOCK_STREAM, freeaddrinfo, getaddrinfo } from '../../src/index';
import { measure, opsPerSecond, report } from '../common/measure';

const hints = { ai_family: AF_UNSPEC, ai_socktype: SOCK_STREAM };
const timing = measure(20, (n) => {
  for (let i = 0; i < n; i++) freeaddrinfo(getaddrinfo('localhost', null, hints));
});
report(opsPerSecond(timing), 'calls/s');
