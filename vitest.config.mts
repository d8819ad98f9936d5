import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests open real sockets and start servers: separate processes keep a blocked
    // syscall in one file from stalling another.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
