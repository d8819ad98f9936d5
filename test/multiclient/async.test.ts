// course/multiclient/serveur_async: 200 clients at once, 50 lines each, in C and in TS.
import { describe, it } from 'vitest';

import { LANGUAGES, exerciseServer, missingServer } from './harness';
import { scaled } from '../course/timeouts';

const SERVER = 'multiclient/serveur_async';

describe.skipIf(missingServer(SERVER) !== null)(SERVER, () => {
  it.each(LANGUAGES)(
    '%s: 200 concurrent clients, every reply checked, no fd left open',
    async (language) => {
      await exerciseServer(language, SERVER);
    },
    scaled(180_000),
  );
});
