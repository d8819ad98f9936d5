/**
 * Objects V8 keeps in fast mode, for what every call reads a property of: the addon's
 * exports (`native.sendto`) and the CommonJS entries (`c.sendto` in a port compiled to
 * CommonJS, which reads the property at each call).
 *
 * Both are dictionary-mode objects as they come: the addon defines its exports one by one,
 * and tsc's re-exports (`export { x } from './y'`) are getters, hundreds of them on one
 * `exports` object. A property load from such an object is a hash lookup (and a getter
 * call): about 80 instructions each (bench/instructions.ts), for every call. A new object
 * whose properties are defined in order with Object.defineProperty stays in fast mode, as
 * long as it has at most 1,020 of them (V8's kMaxNumberOfDescriptors): the root entry and
 * bsd-sockets/c export about 1,520 names, 1,429 of them the header constants. So the
 * constants are the properties of the entry's prototype, a dictionary of their own, and the
 * entry itself holds the functions and structs, a hundred or so, in fast mode. A constant
 * is still `c.AF_INET`, `'AF_INET' in c`, and a `for…in` or a destructuring finds it; only
 * Object.keys and a spread, which see own properties alone, do not.
 */

/**
 * A copy of `source`: every own property (non-enumerable ones too, `__esModule`
 * included), a getter replaced by the value it gives now, except the getters named in
 * `live` (errno, h_errno), which are copied as they are and stay live. The names in
 * `inherited` (the constants) become properties of the copy's prototype, enumerable,
 * read-only.
 */
export function fastObject<T extends object>(
  source: T,
  live: readonly string[] = [],
  inherited: ReadonlySet<string> = new Set(),
): T {
  const prototype = {};
  const out = inherited.size > 0 ? Object.create(prototype) : {};
  for (const key of Object.getOwnPropertyNames(source)) {
    const property = Object.getOwnPropertyDescriptor(source, key)!;
    const holder = inherited.has(key) ? prototype : out;
    if (property.get !== undefined && !live.includes(key)) {
      Object.defineProperty(holder, key, {
        value: property.get.call(source) as unknown,
        enumerable: property.enumerable,
        writable: false,
        configurable: false,
      });
    } else {
      Object.defineProperty(holder, key, property);
    }
  }
  return out as T;
}

/**
 * Every name an entry exports: its own properties and its prototype's (the constants), as
 * `for…in` lists them, own ones first.
 */
export function exportedNames(entry: object): string[] {
  const names: string[] = [];
  for (const name in entry) names.push(name);
  return names;
}

/** The names of a module's numbers (the constants of src/constants.ts, not its functions). */
export function numberNames(module: object): Set<string> {
  const values = module as Record<string, unknown>;
  return new Set(Object.keys(values).filter((name) => typeof values[name] === 'number'));
}
