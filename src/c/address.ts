/**
 * Address arguments of the C calls, on the scratch memory (src/scratch.ts): an input
 * address (`const struct sockaddr *addr, socklen_t addrlen`) is encoded before the call;
 * an output address (`struct sockaddr *addr, socklen_t *addrlen`) is decoded after it.
 */
import * as check from '../args';
import { ADDR, ADDRLEN, scratchBytes, scratchView } from '../scratch';
import { decode_sockaddr, encode_sockaddr, type Memory, type socklen_t } from '../struct/sockaddr';
import { storeValue } from '../struct/store';
import { sockaddr_storage as STORAGE } from '../layout';

const memory: Memory = { view: scratchView, bytes: scratchBytes };

/**
 * Encodes `addr` into the scratch and returns the `socklen_t addrlen` to pass: `addrlen`
 * when the caller gives one (as C programs pass `sizeof addr`; a number or a socklen_t
 * box), else the struct's length. The box's value is read before the address is encoded,
 * and the encoder reads every field before it writes: no code of the caller runs once the
 * scratch holds the address.
 */
export function inputAddress(fn: string, addr: unknown, addrlen: unknown, name = 'addr'): number {
  const given = check.socklenValue(addrlen);
  const length = encode_sockaddr(addr, fn, name, memory, ADDR);
  if (addrlen === undefined) return length;
  // Beyond sizeof(struct sockaddr_storage), the kernel refuses it (EINVAL) without reading.
  return check.uint(given, fn, 'addrlen', 0xffffffff);
}

/** Bit 0: the address pointer is given; bit 1: the socklen_t pointer is given. */
export const ADDR_GIVEN = 1;
export const ADDRLEN_GIVEN = 2;
/** What `outputAddress` returns holds the capacity above the two bits of the pointers. */
const CAPACITY_SHIFT = 2;

/**
 * Which pointers `addr` (an object to fill, or null for C's NULL) and `addrlen` (a
 * socklen_t box, or null) give the call: ADDR_GIVEN, ADDRLEN_GIVEN, both or neither.
 *
 * The helpers of the output address are on every accept, recvfrom and getsockname: their
 * errors are built by the functions after them, so that the bytecode of the hot path stays
 * under what V8 inlines into the caller (a call that is not inlined costs more than the
 * checks themselves: bench/instructions.ts).
 */
export function outputGiven(fn: string, addr: unknown, addrlen: unknown): number {
  let given = 0;
  if (addr !== null && addr !== undefined) {
    if (typeof addr !== 'object' || ArrayBuffer.isView(addr)) throw notAnAddress(fn, addr);
    given = ADDR_GIVEN | ADDRLEN_GIVEN;
  }
  if (addrlen !== null && addrlen !== undefined) {
    if (typeof addrlen !== 'object') throw notABox(fn, addrlen);
    given |= ADDRLEN_GIVEN;
  }
  return given;
}

function notAnAddress(fn: string, addr: unknown): TypeError {
  return new TypeError(
    `${fn}: addr must be an object to fill (like a struct sockaddr_storage) or null, got ${check.describe(addr)}`,
  );
}

function notABox(fn: string, addrlen: unknown): TypeError {
  return new TypeError(
    `${fn}: addrlen must be a socklen_t box { value: number }, got ${check.describe(addrlen)}`,
  );
}

/**
 * The capacity of an output address, `*addrlen` before the call: `addrlen.value` (read
 * now, checked), or sizeof(struct sockaddr_storage) without a box.
 */
export function outputCapacity(fn: string, addrlen: unknown): number {
  return addrlen === null || addrlen === undefined
    ? STORAGE.size
    : check.uint((addrlen as socklen_t).value, fn, 'addrlen.value', STORAGE.size);
}

/** The scratch's socklen_t `*addrlen`, as a Uint32Array index. */
const addrlenWord = new Uint32Array(scratchBytes.buffer, scratchBytes.byteOffset + ADDRLEN, 1);

/**
 * Prepares an output address in the scratch: `*addrlen` is the capacity. Returns which
 * pointers are given (`& ADDR_GIVEN`, `& ADDRLEN_GIVEN`) with the capacity, which
 * `finishOutputAddress` takes back.
 */
export function outputAddress(fn: string, addr: unknown, addrlen: unknown): number {
  const given = outputGiven(fn, addr, addrlen);
  const capacity = outputCapacity(fn, addrlen);
  addrlenWord[0] = capacity;
  return given | (capacity << CAPACITY_SHIFT);
}

/**
 * After a successful call: fills `addr` from the scratch and `addrlen.value` with the
 * length. `prepared` is what `outputAddress` returned: the kernel wrote at most its capacity.
 */
export function finishOutputAddress(addr: unknown, addrlen: unknown, prepared: number): void {
  const length = addrlenWord[0];
  if (addr !== null && addr !== undefined) {
    decode_sockaddr(memory, ADDR, length, prepared >>> CAPACITY_SHIFT, addr);
  }
  if (addrlen !== null && addrlen !== undefined) storeValue(addrlen, length);
}
