// course/multiclient/serveur_threads: 200 clients at once, 50 lines each, in C and in TS.
// The TS version starts 2 Workers and grows its pool with the load (serveur_threads.ts);
// its fds are compared once the pool has shrunk back.
import { describe, it } from 'vitest';

import { LANGUAGES, exerciseServer, missingServer } from './harness';
import { scaled } from '../course/timeouts';

const SERVER = 'multiclient/serveur_threads';

describe.skipIf(missingServer(SERVER) !== null)(SERVER, () => {
  it.each(LANGUAGES)(
    '%s: 200 concurrent clients, every reply checked, no fd left open',
    async (language) => {
      await exerciseServer(language, SERVER, { pool: language === 'ts' });
    },
    scaled(180_000),
  );
});
