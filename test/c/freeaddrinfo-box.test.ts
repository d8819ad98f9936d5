// freeaddrinfo takes the box getaddrinfo filled (`getaddrinfo(…, &res); … freeaddrinfo(res);`
// ports as `getaddrinfo(…, res); … freeaddrinfo(res);`), as a socklen_t box is taken by value.
import { describe, expect, it } from 'vitest';

import { AF_INET, AI_NUMERICHOST, addrinfo, freeaddrinfo, getaddrinfo } from '../../src/c';
import type { addrinfo_ptr } from '../../src/c';

describe('freeaddrinfo(res) with the box', () => {
  it('takes the box getaddrinfo filled, and an empty one, and returns nothing', () => {
    const hints = new addrinfo();
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_NUMERICHOST;
    const res: addrinfo_ptr = { value: null };
    expect(freeaddrinfo(res)).toBeUndefined(); // NULL: nothing to free
    expect(getaddrinfo('127.0.0.1', '7', hints, res)).toBe(0);
    expect(res.value?.ai_family).toBe(AF_INET);
    expect(freeaddrinfo(res)).toBeUndefined();
    expect(freeaddrinfo(res.value)).toBeUndefined();
  });

  it('is a TypeError for a box that holds no list, as for anything else', () => {
    const message = 'freeaddrinfo: res must be a list returned by getaddrinfo';
    expect(() => freeaddrinfo({ value: 5 } as never)).toThrow(new TypeError(message));
    expect(() => freeaddrinfo({} as never)).toThrow(new TypeError(message));
    expect(() => freeaddrinfo(5 as never)).toThrow(new TypeError(message));
  });
});
