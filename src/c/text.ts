/**
 * The `const char *` that a C function returns (strerror, gai_strerror, hstrerror,
 * inet_ntoa): native copies the text into bytes of this thread (native/text.h, CopyText)
 * and returns its length; this reads it as a string.
 */
const initial = Buffer.alloc(256);

/**
 * Calls `fill(buf)`, which makes the C call and returns strlen of its text, and decodes
 * the text. A text longer than the buffer (none of the C library's is) is asked for again
 * with a buffer that holds it.
 */
export function returnedText(fill: (buf: Uint8Array) => number): string {
  let buf = initial;
  let length = fill(buf);
  if (length >= buf.length) {
    buf = Buffer.alloc(length + 1);
    length = fill(buf);
  }
  return buf.toString('utf8', 0, length);
}
