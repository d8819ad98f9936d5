/**
 * struct msghdr, struct iovec and struct cmsghdr: the arguments of sendmsg(2) and
 * recvmsg(2), and how each lies in memory.
 *
 * ```
 * struct msghdr (56 bytes)           offset  size
 *   void         *msg_name             0      8   → the address (a sockaddr)
 *   socklen_t     msg_namelen          8      4   its length (in: capacity, out: length)
 *   struct iovec *msg_iov             16      8   → the iovec array
 *   size_t        msg_iovlen          24      8   its number of entries
 *   void         *msg_control         32      8   → the ancillary data (cmsg buffer)
 *   size_t        msg_controllen      40      8   its length (in: capacity, out: length)
 *   int           msg_flags           48      4   recvmsg: MSG_TRUNC, MSG_CTRUNC…
 *
 * struct iovec (16 bytes)            offset  size
 *   void         *iov_base             0      8   → one buffer
 *   size_t        iov_len              8      8   its length
 *
 * struct cmsghdr (16 bytes)          offset  size
 *   size_t        cmsg_len             0      8   CMSG_LEN(data length)
 *   int           cmsg_level           8      4   SOL_SOCKET, SOL_PACKET…
 *   int           cmsg_type           12      4   SCM_RIGHTS, PACKET_AUXDATA…
 *   unsigned char cmsg_data[]         16          CMSG_DATA(cmsg), padded to CMSG_ALIGN
 * ```
 * (the numbers are Linux x86-64's; the code reads them from src/layout.ts.)
 *
 * The lengths, counts and flags are written here, in TypeScript, into the bytes of a
 * msghdr and of an iovec array. The pointers (msg_name, msg_iov, msg_control, iov_base) are
 * addresses of memory only native knows: native/msg.cc writes them into the same bytes,
 * from the views it is given, after checking each length against its view, then makes the
 * call on those bytes. What recvmsg writes back (msg_namelen, msg_controllen, msg_flags) is
 * read from them here.
 *
 * The control buffer is the caller's Uint8Array, as `char buf[CMSG_SPACE(…)]` is in C. It is
 * walked with CMSG_FIRSTHDR / CMSG_NXTHDR / CMSG_DATA, which check every header and payload
 * against msg_controllen (and the buffer) before reading it, as glibc's macros do; when the
 * kernel had more than fitted, recvmsg sets MSG_CTRUNC in msg_flags, as in C.
 */
import * as check from '../args';
import * as layout from '../layout';
import { encode_sockaddr, decode_sockaddr, type Memory, type sockaddr_storage } from './sockaddr';
import { isLittleEndian as host } from '../byteorder';
import { sloppy } from './store';

const { msghdr: M, iovec: IOV, cmsghdr: CM } = layout;

/** struct iovec: `iov_len` bytes of `iov_base` (at most its byteLength). */
export interface iovec {
  iov_base: Uint8Array;
  iov_len: number;
}

/**
 * struct msghdr, with its C fields.
 *
 * - `msg_name`: for sendmsg the destination address (a sockaddr_in…, or null); for
 *   recvmsg an object to fill with the sender's (like recvfrom's `src_addr`), or null.
 * - `msg_namelen`: for sendmsg the address's length (default: the struct's); for recvmsg the
 *   capacity (default sizeof(struct sockaddr_storage)), replaced by the length received.
 * - `msg_iov` / `msg_iovlen`: the buffers; `msg_iovlen` defaults to `msg_iov.length`.
 * - `msg_control` / `msg_controllen`: the ancillary data buffer and the length used; after
 *   recvmsg, `msg_controllen` is the length the kernel wrote.
 * - `msg_flags`: written by recvmsg (MSG_TRUNC, MSG_CTRUNC, MSG_EOR…); ignored by sendmsg.
 */
export interface msghdr {
  msg_name?: sockaddr_storage | object | null;
  msg_namelen?: number;
  msg_iov: iovec[];
  msg_iovlen?: number;
  msg_control?: Uint8Array | null;
  msg_controllen?: number;
  msg_flags?: number;
}

/* -------------------------------------------------------------- CMSG_* macros */

/** The alignment of cmsg headers and payloads: sizeof(size_t), as glibc's CMSG_ALIGN. */
const ALIGN = CM.cmsg_len.size;
const CMSG_HDR = CM.size;

/** `CMSG_ALIGN(len)`: `len` rounded up to the alignment of a cmsghdr. */
export function CMSG_ALIGN(len: number): number {
  return (len + ALIGN - 1) & ~(ALIGN - 1);
}

/** `CMSG_SPACE(len)`: the bytes a control message with `len` bytes of data takes. */
export function CMSG_SPACE(len: number): number {
  return CMSG_ALIGN(len) + CMSG_ALIGN(CMSG_HDR);
}

/** `CMSG_LEN(len)`: the `cmsg_len` of a control message with `len` bytes of data. */
export function CMSG_LEN(len: number): number {
  return CMSG_ALIGN(CMSG_HDR) + len;
}

/**
 * A struct cmsghdr inside a msghdr's control buffer: its fields as read, and `offset`, where
 * it starts in `msg_control` (what a `struct cmsghdr *` is in C).
 */
export interface cmsghdr {
  cmsg_len: number;
  cmsg_level: number;
  cmsg_type: number;
  offset: number;
}

/** The control bytes a walk may read: msg_controllen of them, within the buffer. */
function controlOf(msg: msghdr): { bytes: Uint8Array; length: number } | null {
  const bytes = msg.msg_control;
  if (!check.isUint8Array(bytes)) return null;
  const size = check.byteLengthOf(bytes);
  const length = Math.min(msg.msg_controllen ?? size, size);
  return { bytes, length };
}

function readLen(view: DataView, at: number): number {
  return ALIGN === 8 ? Number(view.getBigUint64(at, host)) : view.getUint32(at, host);
}

function header(bytes: Uint8Array, length: number, at: number): cmsghdr | null {
  if (at + CMSG_HDR > length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const cmsg_len = readLen(view, at + CM.cmsg_len.offset);
  // A header claiming less than itself, or more than the buffer holds, ends the walk.
  if (cmsg_len < CMSG_HDR || at + cmsg_len > length) return null;
  return {
    cmsg_len,
    cmsg_level: view.getInt32(at + CM.cmsg_level.offset, host),
    cmsg_type: view.getInt32(at + CM.cmsg_type.offset, host),
    offset: at,
  };
}

/** `CMSG_FIRSTHDR(msg)`: the first control message, or null when there is none. */
export function CMSG_FIRSTHDR(msg: msghdr): cmsghdr | null {
  const control = controlOf(msg);
  return control ? header(control.bytes, control.length, 0) : null;
}

/** `CMSG_NXTHDR(msg, cmsg)`: the control message after `cmsg`, or null. */
export function CMSG_NXTHDR(msg: msghdr, cmsg: cmsghdr): cmsghdr | null {
  const control = controlOf(msg);
  return control
    ? header(control.bytes, control.length, cmsg.offset + CMSG_ALIGN(cmsg.cmsg_len))
    : null;
}

/**
 * `CMSG_DATA(cmsg)`: the message's data, `cmsg_len - CMSG_LEN(0)` bytes, copied out of the
 * control buffer (a copy: the payload need not be aligned for a typed view).
 */
export function CMSG_DATA(msg: msghdr, cmsg: cmsghdr): Uint8Array {
  const control = controlOf(msg);
  if (!control) return new Uint8Array(0);
  const start = cmsg.offset + CMSG_LEN(0);
  const end = Math.min(cmsg.offset + cmsg.cmsg_len, control.length);
  return control.bytes.slice(start, Math.max(start, end));
}

/** A control message to send, or one received: level, type and data. */
export interface cmsg {
  cmsg_level: number;
  cmsg_type: number;
  cmsg_data: Uint8Array;
}

/** Every control message of `msg`, walked as CMSG_FIRSTHDR/CMSG_NXTHDR do. */
export function cmsgs(msg: msghdr): cmsg[] {
  const out: cmsg[] = [];
  for (let c = CMSG_FIRSTHDR(msg); c !== null; c = CMSG_NXTHDR(msg, c)) {
    out.push({ cmsg_level: c.cmsg_level, cmsg_type: c.cmsg_type, cmsg_data: CMSG_DATA(msg, c) });
  }
  return out;
}

/**
 * A control buffer holding `messages`, each at CMSG_SPACE of its data, padding zeroed (as a
 * `char buf[CMSG_SPACE(…)]` cleared with memset): give it as msg_control to sendmsg, with
 * its length as msg_controllen.
 */
export function cmsg_buffer(messages: readonly cmsg[]): Uint8Array {
  let size = 0;
  for (const m of messages) size += CMSG_SPACE(m.cmsg_data.byteLength);
  const bytes = new Uint8Array(new ArrayBuffer(size));
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const m of messages) {
    const length = CMSG_LEN(m.cmsg_data.byteLength);
    if (ALIGN === 8) view.setBigUint64(at + CM.cmsg_len.offset, BigInt(length), host);
    else view.setUint32(at + CM.cmsg_len.offset, length, host);
    view.setInt32(at + CM.cmsg_level.offset, m.cmsg_level, host);
    view.setInt32(at + CM.cmsg_type.offset, m.cmsg_type, host);
    bytes.set(m.cmsg_data, at + CMSG_LEN(0));
    at += CMSG_SPACE(m.cmsg_data.byteLength);
  }
  return bytes;
}

/* ---------------------------------------------------------- msghdr encoding */

/** What the native entries take, after `sockfd` and `flags`: see native/msg.cc. */
export interface EncodedMsghdr {
  msg: Uint8Array;
  iov: Uint8Array | null;
  name: Uint8Array | null;
  control: Uint8Array | null;
  bases: Uint8Array[];
  /** recvmsg: the capacity of the name, for decoding. */
  namelen: number;
  /** recvmsg: the object msg_name held when the call was made, filled after it. */
  target: object | null;
}

function writeSize(view: DataView, at: number, size: number, value: number): void {
  if (size === 8) view.setBigUint64(at, BigInt(value), host);
  else view.setUint32(at, value, host);
}

function readSize(view: DataView, at: number, size: number): number {
  return size === 8 ? Number(view.getBigUint64(at, host)) : view.getUint32(at, host);
}

/** The bytes an address is encoded into for sendmsg, and decoded from after recvmsg. */
const STORAGE = layout.sockaddr_storage.size;
const nameBuffer = new ArrayBuffer(STORAGE);
const nameMemory: Memory = { view: new DataView(nameBuffer), bytes: new Uint8Array(nameBuffer) };

/**
 * Encodes `msg` for sendmsg (`sending`) or recvmsg: every field of the caller's object is
 * read (getters run) before any byte of the shared name buffer is written, the address
 * last of all (its encoder reads its fields, then writes), and the data buffers are checked
 * through the engine's own accessors, which run none of the caller's code: a getter that
 * makes another sendmsg or recvmsg has run before this call's address is in the buffer.
 */
export function encode_msghdr(msg: unknown, fn: string, sending: boolean): EncodedMsghdr {
  const m = check.object(msg, fn, 'msg');
  // msg_name, msg_namelen: read now, the address encoded once every other field is read.
  const name = m.msg_name;
  const namelenGiven = m.msg_namelen;
  const hasName = name !== null && name !== undefined;
  if (hasName && (typeof name !== 'object' || ArrayBuffer.isView(name))) {
    throw new TypeError(
      `${fn}: msg.msg_name must be a socket address object or null, got ${check.describe(name)}`,
    );
  }
  // msg_iov, msg_iovlen
  const list = m.msg_iov;
  if (!Array.isArray(list)) {
    throw new TypeError(
      `${fn}: msg.msg_iov must be an array of iovec, got ${check.describe(list)}`,
    );
  }
  const iovlen =
    m.msg_iovlen === undefined
      ? list.length
      : check.uint(m.msg_iovlen, fn, 'msg.msg_iovlen', list.length);
  const lens: number[] = [];
  const bases: Uint8Array[] = [];
  for (let i = 0; i < iovlen; i++) {
    const entry = check.object(list[i], fn, `msg.msg_iov[${i}]`);
    const base = check.bytes(entry.iov_base, fn, `msg.msg_iov[${i}].iov_base`, false);
    bases.push(base);
    lens.push(check.uint(entry.iov_len, fn, `msg.msg_iov[${i}].iov_len`, Number.MAX_SAFE_INTEGER));
  }
  // msg_control, msg_controllen
  let control: Uint8Array | null = null;
  let controllen = 0;
  const msg_control = m.msg_control;
  if (msg_control !== null && msg_control !== undefined) {
    control = check.bytes(msg_control, fn, 'msg.msg_control', false);
    controllen =
      m.msg_controllen === undefined
        ? check.byteLengthOf(control)
        : check.uint(m.msg_controllen, fn, 'msg.msg_controllen', Number.MAX_SAFE_INTEGER);
  } else if (m.msg_controllen !== undefined) {
    controllen = check.uint(m.msg_controllen, fn, 'msg.msg_controllen', Number.MAX_SAFE_INTEGER);
  }
  // The address, last of the caller's fields: from here on no code of the caller runs.
  let namelen = 0;
  if (hasName) {
    const length = sending ? encode_sockaddr(name, fn, 'msg.msg_name', nameMemory, 0) : STORAGE;
    namelen =
      namelenGiven === undefined
        ? length
        : check.uint(namelenGiven, fn, 'msg.msg_namelen', STORAGE);
  }
  // Every getter has run: lengths are checked against the buffers as they are now.
  for (let i = 0; i < iovlen; i++) {
    const size = check.byteLengthOf(bases[i]);
    if (lens[i] > size) {
      throw new RangeError(
        `${fn}: msg.msg_iov[${i}].iov_len (${lens[i]}) exceeds iov_base.byteLength (${size})`,
      );
    }
  }
  const controlSize = control ? check.byteLengthOf(control) : 0;
  if (control && controllen > controlSize) {
    throw new RangeError(
      `${fn}: msg.msg_controllen (${controllen}) exceeds msg_control.byteLength (${controlSize})`,
    );
  }
  const bytes = new Uint8Array(new ArrayBuffer(M.size));
  const view = new DataView(bytes.buffer);
  view.setUint32(M.msg_namelen.offset, namelen, host);
  writeSize(view, M.msg_iovlen.offset, M.msg_iovlen.size, iovlen);
  writeSize(view, M.msg_controllen.offset, M.msg_controllen.size, controllen);
  let iov: Uint8Array | null = null;
  if (iovlen > 0) {
    iov = new Uint8Array(new ArrayBuffer(iovlen * IOV.size));
    const iv = new DataView(iov.buffer);
    for (let i = 0; i < iovlen; i++) {
      writeSize(iv, i * IOV.size + IOV.iov_len.offset, IOV.iov_len.size, lens[i]);
    }
  }
  return {
    msg: bytes,
    iov,
    name: hasName ? nameMemory.bytes : null,
    control,
    bases,
    namelen,
    target: hasName ? (name as object) : null,
  };
}

/** The fields recvmsg writes, stored as every store into the caller's objects (./store.ts). */
const storeResults = sloppy(
  ['t', 'namelen', 'controllen', 'flags'],
  't.msg_namelen = namelen; t.msg_controllen = controllen; t.msg_flags = flags;',
) as (msg: msghdr, namelen: number, controllen: number, flags: number) => void;

/**
 * After recvmsg: fills `msg_name` (the object it held when the call was made, as the C
 * pointer is) with the sender's address, then sets `msg_namelen`, `msg_controllen` and
 * `msg_flags` from what the kernel wrote. The shared name buffer is read first: a setter
 * that makes another recvmsg runs after this call's address is decoded.
 */
export function decode_msghdr(msg: msghdr, encoded: EncodedMsghdr): void {
  const view = new DataView(encoded.msg.buffer);
  const namelen = view.getUint32(M.msg_namelen.offset, host);
  const controllen = readSize(view, M.msg_controllen.offset, M.msg_controllen.size);
  const flags = view.getInt32(M.msg_flags.offset, host);
  if (encoded.target !== null) {
    decode_sockaddr(nameMemory, 0, namelen, encoded.namelen, encoded.target);
  }
  storeResults(msg, namelen, controllen, flags);
}
