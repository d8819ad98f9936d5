// course/multiclient/serveur_fork: 200 clients at once, 50 lines each, in C and in TS.
// The TS version starts a Node process per client (about 40 ms of CPU each): on a busy
// machine its 200 clients take tens of seconds, hence the longer bounds.
import { describe, it } from 'vitest';

import { LANGUAGES, exerciseServer, missingServer } from './harness';

const SERVER = 'multiclient/serveur_fork';

describe.skipIf(missingServer(SERVER) !== null)(SERVER, () => {
  it.each(LANGUAGES)(
    '%s: 200 concurrent clients, every reply checked, no fd left open',
    async (language) => {
      await exerciseServer(language, SERVER, { timeoutMs: 200_000 });
    },
    300_000,
  );
});
