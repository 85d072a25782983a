const MARKER = Symbol.for("@toolweave/connector-circonus/built-text");

/**
 * Text made by one of this package's builders (`buildSearch`, `buildMetricQuery`, …), so an
 * operation can tell at run time that it was validated. The marker is a non-enumerable
 * `Symbol.for` property: it survives duplicated copies of this package in one process, and a
 * spread copy or a look-alike object does not have it. Prints (and serialises) as its text.
 */
export interface BuiltText<K extends string> {
  /** Which builder made it. */
  readonly kind: K;
  /** The validated text, sent as is. */
  readonly text: string;
  /** The text, so `String(value)` and template literals give what is sent. */
  toString(): string;
  /** The text, so `JSON.stringify` writes what is sent. */
  toJSON(): string;
}

/** Wraps validated text with the builder marker; only this package's builders call it. */
export function builtText<K extends string>(kind: K, text: string): BuiltText<K> {
  const value = { kind, text, toString: () => text, toJSON: () => text };
  Object.defineProperty(value, MARKER, { value: kind, enumerable: false });
  return Object.freeze(value);
}

/** True for a value made by `builtText(kind, …)` in any copy of this package. */
export function isBuiltText<K extends string>(value: unknown, kind: K): value is BuiltText<K> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === kind;
}
