import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { blockedIn, knownWaitingCalls, waitUntilBlockedIn } from '../../tools/trace/blocked';
import { ptraceAvailable } from '../../tools/trace/run';

// Reading /proc/<pid>/syscall needs ptrace access to the process, as strace does.
const readable = ptraceAvailable().available && knownWaitingCalls().length > 0;

describe.skipIf(!readable)('blockedIn', () => {
  it('says `running` for a process that computes', async () => {
    const child = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
    try {
      await waitUntilBlockedIn(() => child.pid, ['running'], { timeoutMs: 10_000 });
      expect(blockedIn(child.pid as number)).toBe('running');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('waits until a child is blocked in read, and says so', async () => {
    // Blocks in read(0) on the pipe until the test closes it.
    const child = spawn(process.execPath, ['-e', 'require("fs").readSync(0, Buffer.alloc(1))'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    try {
      await waitUntilBlockedIn(() => child.pid, ['read'], { timeoutMs: 10_000 });
      expect(blockedIn(child.pid as number)).toBe('read');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rejects when the process ends first', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    let pid: number | undefined = child.pid;
    child.on('exit', () => (pid = undefined));
    await expect(waitUntilBlockedIn(() => pid, ['accept'], { timeoutMs: 10_000 })).rejects.toThrow(
      'the traced command ended',
    );
  });

  it('says undefined for a process that does not exist', () => {
    expect(blockedIn(2 ** 22 + 1)).toBeUndefined();
  });
});
