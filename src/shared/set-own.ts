/**
 * `target[name] = value` that also works for a name the client chose as "__proto__" (JSON.parse makes
 * it an own key; assignment would set the prototype instead and drop the value). Other
 * Object.prototype members (`constructor`, `hasOwnProperty`) are writable data properties, so plain
 * assignment already creates an own one. Read such records with `Object.hasOwn` first:
 * `record.constructor` exists on every plain object.
 */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}
