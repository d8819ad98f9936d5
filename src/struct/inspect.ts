/**
 * How the address objects the binding creates print in `console.log` and `util.inspect`:
 * as strace prints them, `sin_port: htons(50885)`, `sin_addr: inet_addr("127.0.0.1")`,
 * `sin6_addr: inet_pton(AF_INET6, "::1")`. Only the printing changes: the objects keep their
 * own enumerable fields, so `JSON.stringify`, `toEqual` and `Object.keys` see plain
 * structs. The custom printer is a non-enumerable method of their prototype.
 */
import { isLittleEndian as host } from '../byteorder';
const custom = Symbol.for('nodejs.util.inspect.custom');

/** The dotted quad of an `s_addr` (network byte order in memory, read in host order). */
export function dotted(s_addr: number): string {
  const b = new DataView(new ArrayBuffer(4));
  b.setUint32(0, s_addr, host);
  return `${b.getUint8(0)}.${b.getUint8(1)}.${b.getUint8(2)}.${b.getUint8(3)}`;
}

/** An IPv6 address in RFC 5952's text form (the longest run of zero groups as `::`). */
export function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let best = -1;
  let bestLength = 1; // a single zero group is not shortened
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

type Inspect = (value: unknown, options: object) => string;

/**
 * The `sin_addr` objects the binding creates: `{ s_addr }`, shown as `inet_addr("…")`. A
 * class, so that a decode makes one allocation with its field in place (no Object.create
 * and a store).
 */
export class in_addr_object {
  // `declare`: no class-field definition before the constructor's store (ES2022 would define
  // s_addr as undefined first, a second store on every decode).
  declare s_addr: number;
  constructor(s_addr: number) {
    this.s_addr = s_addr;
  }
}
Object.defineProperty(in_addr_object.prototype, custom, {
  value(this: { s_addr: number }) {
    return `inet_addr("${dotted(this.s_addr)}")`;
  },
});
/** The prototype of the `sin_addr` objects the binding creates. */
export const in_addr_prototype: object = in_addr_object.prototype;

/** The prototype of the `sin6_addr` objects the binding creates. */
export const in6_addr_prototype: object = Object.defineProperty({}, custom, {
  value(this: { s6_addr: Uint8Array }) {
    return `inet_pton(AF_INET6, "${ipv6Text(this.s6_addr)}")`;
  },
});

/**
 * The prototype of the address objects the binding creates itself (`getsockname(fd)`
 * without an object): each field as strace shows it, ports as `htons(…)`.
 */
export const sockaddr_prototype: object = Object.defineProperty({}, custom, {
  value(this: Record<string, unknown>, _depth: number, options: object, inspect: Inspect) {
    const fields = Object.keys(this).map((key) => {
      const value = this[key];
      if ((key === 'sin_port' || key === 'sin6_port') && typeof value === 'number') {
        const b = new DataView(new ArrayBuffer(2));
        b.setUint16(0, value, host);
        return `${key}: htons(${b.getUint16(0)})`;
      }
      return `${key}: ${inspect(value, options)}`;
    });
    return `{ ${fields.join(', ')} }`;
  },
});
