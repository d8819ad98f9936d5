/**
 * What both bins (bsd-sockets-course, bsd-sockets-trace) do alike as command-line tools:
 * `--help`/`-h` on stdout with exit status 0, and a quiet end when the reader of stdout goes
 * away (`bsd-sockets-course --list | head`) instead of an EPIPE stack.
 */

/** Whether the command line asks for help: `-h` or `--help` as its first word. */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv[0] === '-h' || argv[0] === '--help';
}

/**
 * Ends the process quietly, with the exit status it had so far, when writing to `stream`
 * fails with EPIPE (the other end of the pipe closed); any other error is thrown as before.
 */
export function endQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}
