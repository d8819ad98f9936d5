/**
 * printf's format, as glibc reads it (printf(3)), producing bytes.
 *
 * Conversions: `d i` (signed), `o u x X` (unsigned), `c`, `s`, `p`, `f F e E g G`, `m`
 * (glibc's `strerror(errno)`) and `%%`. Flags `-` `+` space `#` `0` (and `'`, which the
 * "C" locale ignores); a width and a precision, as numbers or `*` (taken from the
 * arguments, a negative width meaning `-`); the length modifiers `hh h l ll q j z t L`.
 *
 * Integers wrap as C converts them: `%d` prints an `int` (the low 32 bits of the value,
 * signed), `%hhu` an `unsigned char`, `%ld` a `long` (64 bits; give a bigint beyond 2^53).
 * Floating point conversions are exact and round half to even on the binary value, as
 * glibc does (`printf("%.0f", 2.5)` is "2", where `(2.5).toFixed(0)` is "3").
 *
 * Widths and precisions count bytes, as in C: `%-10s` of "reçu" adds 5 spaces. A `%s`
 * argument is a JS string (its UTF-8 bytes), a char array (a Uint8Array, up to its first
 * NUL), or null (glibc's "(null)").
 *
 * What C leaves undefined is refused with a TypeError: a missing argument, a number for
 * `%s`, a string for `%d`, an unknown conversion, `%n`, positional arguments (`%1$d`).
 */

/** What a `%s` argument may be: a JS string, a NUL-terminated char array, or NULL. */
export type c_string = string | Uint8Array | null;

/** A printf argument: a number (or bigint) for the numeric conversions, a C string for `%s`. */
export type printf_arg = number | bigint | c_string;

/** A format, split once into literal bytes and conversion specifications. */
type Piece = Uint8Array | Spec;

interface Spec {
  text: string;
  minus: boolean;
  plus: boolean;
  space: boolean;
  alt: boolean;
  zero: boolean;
  /** -1: none; -2: `*`. */
  width: number;
  /** -1: none; -2: `.*`. */
  precision: number;
  /** Bits of the integer type: 8, 16, 32 or 64. */
  bits: number;
  conversion: string;
}

const SPEC = /%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|q|j|z|Z|t|L)?([diouxXcspfFeEgGm%])?/y;

const parsed = new Map<string, Piece[]>();

/** Splits `format` (cached: a program prints the same formats again and again). */
function parse(format: string | Uint8Array): Piece[] {
  const key = typeof format === 'string' ? format : null;
  if (key !== null) {
    const cached = parsed.get(key);
    if (cached !== undefined) return cached;
  }
  // A char array format is bytes: read it as latin1, one character per byte, and write
  // its literal parts back the same way.
  const encoding = typeof format === 'string' ? 'utf8' : 'latin1';
  const text =
    typeof format === 'string'
      ? format
      : Buffer.from(format.buffer, format.byteOffset, cstrlen(format)).toString('latin1');
  const pieces: Piece[] = [];
  let last = 0;
  for (let percent = text.indexOf('%'); percent !== -1; percent = text.indexOf('%', last)) {
    if (percent > last) pieces.push(Buffer.from(text.slice(last, percent), encoding));
    SPEC.lastIndex = percent;
    const m = SPEC.exec(text);
    if (m === null || m[5] === undefined) {
      const at = text.slice(percent, percent + 6);
      throw new TypeError(`printf: unsupported conversion "${at}" in ${JSON.stringify(text)}`);
    }
    last = percent + m[0].length;
    const [whole, flags, width, precision, length, conversion] = m;
    if (conversion === '%') {
      pieces.push(Buffer.from('%'));
      continue;
    }
    pieces.push({
      text: whole,
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      alt: flags.includes('#'),
      zero: flags.includes('0'),
      width: width === undefined ? -1 : width === '*' ? -2 : Number(width),
      precision: precision === undefined ? -1 : precision === '*' ? -2 : Number(precision),
      bits:
        length === 'hh'
          ? 8
          : length === 'h'
            ? 16
            : length === undefined || length === 'L'
              ? 32
              : 64,
      conversion,
    });
  }
  if (last < text.length) pieces.push(Buffer.from(text.slice(last), encoding));
  if (key !== null && parsed.size < 1024) parsed.set(key, pieces);
  return pieces;
}

/** The bytes of `s` before its first NUL (all of them when it has none). */
function cstrlen(s: Uint8Array): number {
  const nul = s.indexOf(0);
  return nul === -1 ? s.length : nul;
}

const NULL_TEXT = Buffer.from('(null)');
const NIL_TEXT = Buffer.from('(nil)');

/** The bytes of a C string argument. */
export function c_string_bytes(s: c_string): Uint8Array {
  if (s === null) return NULL_TEXT;
  if (typeof s === 'string') return Buffer.from(s, 'utf8');
  if (s instanceof Uint8Array) return s.subarray(0, cstrlen(s));
  throw new TypeError(`expected a string, a Uint8Array or null, got ${typeof s}`);
}

/** An integer argument as a bigint, or a TypeError. */
function integer(arg: printf_arg | undefined, spec: Spec): bigint {
  if (typeof arg === 'bigint') return arg;
  if (typeof arg === 'number') {
    if (!Number.isFinite(arg)) return 0n;
    return BigInt(Math.trunc(arg));
  }
  throw new TypeError(`printf: ${spec.text} needs a number, got ${describe(arg)}`);
}

function describe(arg: unknown): string {
  if (arg === null) return 'null';
  if (arg instanceof Uint8Array) return 'a Uint8Array';
  return typeof arg;
}

/** Sign, prefix and digits of a number, zero-padded to `width` when asked. */
function numeric(
  sign: string,
  prefix: string,
  digits: string,
  spec: Spec,
  width: number,
  zeroPad: boolean,
): Uint8Array {
  let body = sign + prefix + digits;
  if (zeroPad && !spec.minus && body.length < width) {
    body = sign + prefix + digits.padStart(width - sign.length - prefix.length, '0');
  }
  return Buffer.from(body, 'latin1');
}

function formatInteger(arg: printf_arg | undefined, spec: Spec, width: number, precision: number) {
  const c = spec.conversion;
  const raw = integer(arg, spec);
  const signed = c === 'd' || c === 'i';
  const value = signed ? BigInt.asIntN(spec.bits, raw) : BigInt.asUintN(spec.bits, raw);
  const negative = value < 0n;
  const base = c === 'o' ? 8 : c === 'x' || c === 'X' ? 16 : 10;
  let digits = (negative ? -value : value).toString(base);
  if (c === 'X') digits = digits.toUpperCase();
  if (precision === 0 && value === 0n) digits = '';
  if (precision > digits.length) digits = digits.padStart(precision, '0');
  let prefix = '';
  if (spec.alt && c === 'o' && !digits.startsWith('0')) digits = '0' + digits;
  if (spec.alt && value !== 0n && (c === 'x' || c === 'X')) prefix = c === 'x' ? '0x' : '0X';
  const sign = !signed ? '' : negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return numeric(sign, prefix, digits, spec, width, spec.zero && precision < 0);
}

/** m · 2^e, exactly, for a finite double x ≥ 0. */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (exponent === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), exponent - 1075];
}

/** round(num / den), ties to even. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** round(x · 10^k) for a finite x ≥ 0, exactly, ties to even. */
function scaled(m: bigint, e: number, k: number): bigint {
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  return roundHalfEven(num, den);
}

/** The digits of x (≥ 0) with `precision` decimals: "123.4500" (no point when 0). */
function fixed(m: bigint, e: number, precision: number, alt: boolean): string {
  const digits = scaled(m, e, precision)
    .toString()
    .padStart(precision + 1, '0');
  const point = digits.length - precision;
  const frac = digits.slice(point);
  return digits.slice(0, point) + (precision > 0 || alt ? '.' : '') + frac;
}

/** [mantissa digits (precision + 1 of them), decimal exponent] of x > 0. */
function exponential(x: number, m: bigint, e: number, precision: number): [string, number] {
  let exp = Math.floor(Math.log10(x));
  for (;;) {
    const n = scaled(m, e, precision - exp);
    const s = n.toString();
    if (s.length > precision + 1) exp += 1;
    else if (s.length < precision + 1) exp -= 1;
    else return [s, exp];
  }
}

function exponentText(exp: number, upper: boolean): string {
  const digits = String(Math.abs(exp)).padStart(2, '0');
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + digits;
}

function formatFloat(arg: printf_arg | undefined, spec: Spec, width: number, precision: number) {
  let x: number;
  if (typeof arg === 'number') x = arg;
  else if (typeof arg === 'bigint') x = Number(arg);
  else throw new TypeError(`printf: ${spec.text} needs a number, got ${describe(arg)}`);
  const c = spec.conversion;
  const upper = c === 'F' || c === 'E' || c === 'G';
  // NaN prints without a sign: JavaScript does not keep the sign bit of a NaN.
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (!Number.isFinite(x)) {
    const text = Number.isNaN(x) ? 'nan' : 'inf';
    return numeric(sign, '', upper ? text.toUpperCase() : text, spec, width, false);
  }
  const abs = Math.abs(x);
  const p = precision < 0 ? 6 : precision;
  const [m, e] = decompose(abs);
  let body: string;
  if (c === 'f' || c === 'F') {
    body = fixed(m, e, p, spec.alt);
  } else if (c === 'e' || c === 'E') {
    const [digits, exp] = abs === 0 ? ['0'.repeat(p + 1), 0] : exponential(abs, m, e, p);
    body = digits[0] + (p > 0 || spec.alt ? '.' : '') + digits.slice(1) + exponentText(exp, upper);
  } else {
    const P = p === 0 ? 1 : p;
    const exp = abs === 0 ? 0 : exponential(abs, m, e, P - 1)[1];
    if (P > exp && exp >= -4) {
      body = fixed(m, e, P - 1 - exp, spec.alt);
    } else {
      const [digits] = exponential(abs, m, e, P - 1);
      body = digits[0] + (P > 1 || spec.alt ? '.' : '') + digits.slice(1);
    }
    if (!spec.alt && body.includes('.')) body = body.replace(/\.?0+$/, '');
    if (!(P > exp && exp >= -4)) body += exponentText(exp, upper);
  }
  return numeric(sign, '', body, spec, width, spec.zero);
}

/**
 * The bytes printf writes for `format` and `args`. `strerror_errno` gives `%m` its text.
 */
export function format_bytes(
  format: string | Uint8Array,
  args: readonly printf_arg[],
  strerror_errno: () => string,
): Uint8Array {
  const out = format_pieces(format, args, strerror_errno);
  return out.length === 1 ? out[0] : Buffer.concat(out);
}

const PAD_CHUNK = 16;

/**
 * The text of a printf, in the pieces glibc's vfprintf hands its stream one by one: each
 * literal run of the format, each conversion's padding (in _IO_padn's chunks of 16 bytes)
 * and its body. A stream's write(2) calls depend on where these cut (a line-buffered stream
 * writes at the end of a piece holding a '\n'), so stdio.ts feeds them one at a time. The
 * pieces may be views of the caller's arrays (a `%s` argument): the stream copies them.
 */
export function format_pieces(
  format: string | Uint8Array,
  args: readonly printf_arg[],
  strerror_errno: () => string,
): Uint8Array[] {
  const pieces = parse(format);
  const out: Uint8Array[] = [];
  let next = 0;
  const take = (spec: Spec): printf_arg => {
    if (next >= args.length) throw new TypeError(`printf: no argument for ${spec.text}`);
    return args[next++];
  };
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) {
      out.push(piece);
      continue;
    }
    const spec = piece;
    let width = spec.width;
    let minus = spec.minus;
    if (width === -2) {
      width = Number(BigInt.asIntN(32, integer(take(spec), spec)));
      if (width < 0) {
        minus = true;
        width = -width;
      }
    }
    let precision = spec.precision;
    if (precision === -2) {
      precision = Number(BigInt.asIntN(32, integer(take(spec), spec)));
      if (precision < 0) precision = -1;
    }
    const s = minus === spec.minus ? spec : { ...spec, minus };
    const w = width < 0 ? 0 : width;
    let body: Uint8Array;
    switch (s.conversion) {
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
        body = formatInteger(take(s), s, w, precision);
        break;
      case 'c': {
        const arg = take(s);
        body = Uint8Array.of(Number(BigInt.asUintN(8, integer(arg, s))));
        break;
      }
      case 's': {
        const arg = take(s);
        if (typeof arg === 'number' || typeof arg === 'bigint' || arg === undefined) {
          throw new TypeError(`printf: ${s.text} needs a string, got ${describe(arg)}`);
        }
        // glibc prints "(null)" for NULL, or nothing when the precision is below 6.
        if (arg === null && precision >= 0 && precision < 6) body = new Uint8Array(0);
        else body = c_string_bytes(arg);
        if (precision >= 0 && body.length > precision) body = body.subarray(0, precision);
        break;
      }
      case 'p': {
        const arg = take(s);
        const value = arg === null ? 0n : BigInt.asUintN(64, integer(arg, s));
        body =
          value === 0n
            ? NIL_TEXT
            : numeric(
                s.plus ? '+' : s.space ? ' ' : '',
                '0x',
                value.toString(16),
                s,
                w,
                s.zero && precision < 0,
              );
        break;
      }
      case 'm': {
        body = Buffer.from(strerror_errno(), 'utf8');
        if (precision >= 0 && body.length > precision) body = body.subarray(0, precision);
        break;
      }
      default:
        body = formatFloat(take(s), s, w, precision);
    }
    if (body.length >= w) {
      out.push(body);
    } else {
      if (s.minus) out.push(body);
      for (let left = w - body.length; left > 0; left -= PAD_CHUNK) {
        out.push(SPACES.subarray(0, Math.min(left, PAD_CHUNK)));
      }
      if (!s.minus) out.push(body);
    }
  }
  return out;
}

const SPACES = Buffer.alloc(PAD_CHUNK, 0x20);
