/**
 * Objects V8 keeps in fast mode, for what every call reads a property of: the addon's
 * exports (`native.sendto`) and the CommonJS entries (`c.sendto` in a port compiled to
 * CommonJS, which reads the property at each call).
 *
 * Both are dictionary-mode objects as they come: the addon defines its exports one by one,
 * and tsc's re-exports (`export { x } from './y'`) are getters, hundreds of them on one
 * `exports` object. A property load from such an object is a hash lookup (and a getter
 * call): about 80 instructions each (bench/instructions.ts), for every call. A new object
 * whose properties are defined in order with Object.defineProperty stays in fast mode.
 */

/**
 * A copy of `source`: every own property (non-enumerable ones too, `__esModule`
 * included), a getter replaced by the value it gives now, except the getters named in
 * `live` (errno, h_errno), which are copied as they are and stay live.
 */
export function fastObject<T extends object>(source: T, live: readonly string[] = []): T {
  const out = {};
  for (const key of Object.getOwnPropertyNames(source)) {
    const property = Object.getOwnPropertyDescriptor(source, key)!;
    if (property.get !== undefined && !live.includes(key)) {
      Object.defineProperty(out, key, {
        value: property.get.call(source) as unknown,
        enumerable: property.enumerable,
        writable: false,
        configurable: false,
      });
    } else {
      Object.defineProperty(out, key, property);
    }
  }
  return out as T;
}
