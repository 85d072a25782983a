/** `T` with its `undefined` values left out: a key that may hold `undefined` becomes optional and never holds it. */
export type DefinedOnly<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * A shallow copy of `value` without the keys whose value is `undefined`, so optional settings,
 * options and JSON output carry only what is known (`{ a: 1, b: undefined }` → `{ a: 1 }`).
 * `null`, `0`, `""` and `false` are kept.
 */
export function definedOnly<T extends object>(value: T): DefinedOnly<T> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as DefinedOnly<T>;
}
