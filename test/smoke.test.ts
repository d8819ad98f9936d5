import { describe, expect, it } from 'vitest';
import { AF_INET, SOCK_DGRAM, close, socket } from '../src/index';

describe('smoke', () => {
  it('opens and closes a socket', () => {
    const s = socket(AF_INET, SOCK_DGRAM, 0);
    expect(s).toBeGreaterThan(2);
    expect(close(s)).toBe(0);
  });
});
