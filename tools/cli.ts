/**
 * What the bins (bsd-sockets-course, bsd-sockets-trace, bsd-sockets-lab) do alike as
 * command-line tools: `--help`/`-h` on stdout with exit status 0, `--version` (the package's
 * version) likewise, and a quiet end when the reader of stdout goes away
 * (`bsd-sockets-course --list | head`) instead of an EPIPE stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether the command line asks for help: `-h` or `--help` as its first word. */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv[0] === '-h' || argv[0] === '--help';
}

/** Whether the command line asks for the version: `--version` as its first word. */
export function asksForVersion(argv: readonly string[]): boolean {
  return argv[0] === '--version';
}

/**
 * `bsd-sockets-lab 0.1.0`: the bin's name and the package's version, read from the
 * package.json above this file (tools/ in the sources, dist/tools/ once compiled).
 */
export function versionLine(bin: string): string {
  for (const up of ['..', join('..', '..')]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'bsd-sockets' && pkg.version) return `${bin} ${pkg.version}\n`;
    } catch {
      // not this directory
    }
  }
  throw new Error(`${bin}: cannot find the package.json of bsd-sockets above ${__dirname}`);
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
