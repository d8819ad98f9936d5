/**
 * The end of `npm run demo` (tools/course/demo.ts): the flagship exchange's client traced in C and
 * in TS, side by side — what `npx bsd-sockets-trace udp_ipv4/client_ipv4` prints. Where
 * strace cannot run, it says why and how to trace by hand.
 */
import { runCli } from './cli';
import { ptraceAvailable } from './run';

const FLAGSHIP = 'udp_ipv4/client_ipv4';

/** Prints the comparison; false when the two traces differ or the trace failed. */
export async function showFlagshipTrace(): Promise<boolean> {
  const ptrace = ptraceAvailable();
  if (!ptrace.available) {
    console.log(`  (not shown: ${ptrace.reason})`);
    console.log('  Where strace runs, compare the two clients with:');
    console.log(`    npx bsd-sockets-trace ${FLAGSHIP}`);
    return true;
  }
  console.log(`  $ npx bsd-sockets-trace ${FLAGSHIP}\n`);
  return (await runCli([FLAGSHIP])) === 0;
}
