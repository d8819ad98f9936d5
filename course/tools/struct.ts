/**
 * The kernel's structs that capture and sockstat read and write by hand (tpacket_auxdata,
 * timeval in a control message; nlmsghdr, inet_diag_req_v2, inet_diag_msg in netlink
 * messages), held as bytes: a Uint8Array of the struct's size, or a view into a buffer
 * where C has a pointer (`nlh`, `d`). Their fields are at the offsets of `layout`, the ones
 * the C compiler computed (offsetof, sizeof) when the addon was built.
 *
 * `field(d, MSG.idiag_rqueue)` is C's `d->idiag_rqueue` (an unsigned integer of the field's
 * size, in host byte order, as C reads it from memory); `set_field(r, NLH.nlmsg_seq, 1)` is
 * `r->nlmsg_seq = 1`; `member(d, MSG.id)` is `&d->id`, a view of the field's bytes.
 */
import type { layout as Layout } from 'bsd-sockets/c';

export { layout } from 'bsd-sockets/c';

type Field = Layout.Field;

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function view(struct: Uint8Array): DataView {
  return new DataView(struct.buffer, struct.byteOffset, struct.byteLength);
}

/** `p->f`: the unsigned integer (1, 2, 4 or 8 bytes) at `f` in `struct`. */
export function field(struct: Uint8Array, f: Field): number {
  const v = view(struct);
  if (f.size === 8) return Number(v.getBigUint64(f.offset, little));
  if (f.size === 4) return v.getUint32(f.offset, little);
  return f.size === 2 ? v.getUint16(f.offset, little) : v.getUint8(f.offset);
}

/** `p->f = value;` for an integer field of 1, 2, 4 or 8 bytes. */
export function set_field(struct: Uint8Array, f: Field, value: number): void {
  const v = view(struct);
  if (f.size === 8) v.setBigUint64(f.offset, BigInt(value), little);
  else if (f.size === 4) v.setUint32(f.offset, value, little);
  else if (f.size === 2) v.setUint16(f.offset, value, little);
  else v.setUint8(f.offset, value);
}

/** `&p->f`: the bytes of field `f` (an array, or a struct inside the struct). */
export function member(struct: Uint8Array, f: Field): Uint8Array {
  return struct.subarray(f.offset, f.offset + f.size);
}
