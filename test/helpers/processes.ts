// The processes a test may have left behind, read from /proc.
import * as fs from 'node:fs';

/**
 * "pid cmdline" of every process whose command line holds `needle` (a directory of the
 * test's own, say) or whose name (comm) is `needle`.
 */
export function processesNaming(needle: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
      if (cmdline.includes(needle) || comm === needle) found.push(`${pid} ${cmdline}`);
    } catch {
      // ended between readdir and read
    }
  }
  return found;
}
