/**
 * byteorder(3): htons, ntohs, htonl, ntohl, in plain TypeScript.
 *
 * They honour the host's byte order: on a little-endian host they swap bytes, on a
 * big-endian one they return their argument. Unlike C, which silently truncates, a value
 * that does not fit the C type (uint16_t / uint32_t), a fraction or NaN throws a RangeError,
 * and a non-number a TypeError.
 */

/**
 * True on little-endian hosts (x86, most ARM): where htons and htonl swap bytes. It is also
 * the `littleEndian` argument of DataView that reads or writes a C field in host order.
 * This module imports nothing, so that every struct codec can import it without a cycle.
 */
export const isLittleEndian: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkUint(fn: string, name: string, value: unknown, max: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an integer, got ${typeof value}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${fn}: ${name} must be an integer in [0, ${max}], got ${value}`);
  }
  return value;
}

function swap16(x: number): number {
  return ((x & 0xff) << 8) | (x >>> 8);
}

function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** uint16_t htons(uint16_t hostshort); — host to network byte order. byteorder(3) */
export function htons(hostshort: number): number {
  checkUint('htons', 'hostshort', hostshort, 0xffff);
  return isLittleEndian ? swap16(hostshort) : hostshort;
}

/** uint16_t ntohs(uint16_t netshort); — network to host byte order. byteorder(3) */
export function ntohs(netshort: number): number {
  checkUint('ntohs', 'netshort', netshort, 0xffff);
  return isLittleEndian ? swap16(netshort) : netshort;
}

/** uint32_t htonl(uint32_t hostlong); — host to network byte order. byteorder(3) */
export function htonl(hostlong: number): number {
  checkUint('htonl', 'hostlong', hostlong, 0xffffffff);
  return isLittleEndian ? swap32(hostlong) : hostlong;
}

/** uint32_t ntohl(uint32_t netlong); — network to host byte order. byteorder(3) */
export function ntohl(netlong: number): number {
  checkUint('ntohl', 'netlong', netlong, 0xffffffff);
  return isLittleEndian ? swap32(netlong) : netlong;
}
