import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text of a recorded trace in test/trace/fixtures (see its README for how each was recorded). */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}
