import { registerSecretValue } from "./secret-registry.js";

const SECRET_MARKER = Symbol.for("@toolweave/core/secret");
/** Node's `util.inspect.custom`, by its registered name so this file imports no Node built-in. */
const INSPECT_CUSTOM = Symbol.for("nodejs.util.inspect.custom");
const values = new WeakMap<Secret, string>();

/** Options for `new Secret(value, options)` and `Secret.from`. */
export interface SecretOptions {
  /**
   * Where the value came from, shown in masks and diagnostics (e.g. `CIRCLECI_TOKEN`).
   * Never the value itself.
   */
  label?: string;
}

/** Recognised token prefixes, kept visible in masks because they tell the token kind. */
const KIND_PREFIX = /^([A-Z][A-Z0-9]{1,9}_)/;

/**
 * Masks a raw secret: a recognised kind prefix (e.g. `CCIPAT_`) and at most the last 4
 * characters, only when the value is long enough that 4 characters reveal little.
 */
export function maskSecretValue(raw: string): string {
  if (raw.length === 0) return "(empty)";
  const prefix = KIND_PREFIX.exec(raw)?.[1] ?? "";
  const tail = raw.length >= 16 ? raw.slice(-4) : "";
  return `${prefix}****${tail}`;
}

/**
 * A secret value (token, password) that prints as a mask everywhere: `String()`, template
 * literals, `JSON.stringify`, `util.inspect` and `console.log`. The raw value is read with
 * `reveal()`, which the HTTP layer calls only where it writes a request header.
 */
export class Secret {
  /** Where the value came from (from {@link SecretOptions.label}), e.g. `CIRCLECI_TOKEN`; never the value. */
  readonly label: string | undefined;
  /** The mask printed in place of the value, from {@link maskSecretValue}, e.g. `CCIPAT_****abcd`. */
  readonly masked: string;

  /**
   * Wraps a raw value; it is registered so that redaction masks it wherever it appears in text.
   * @throws TypeError when `value` is not a string.
   */
  constructor(value: string, options: SecretOptions = {}) {
    if (typeof value !== "string") {
      throw new TypeError("Secret value must be a string");
    }
    values.set(this, value);
    registerSecretValue(value, this);
    this.label = options.label;
    this.masked = maskSecretValue(value);
    Object.defineProperty(this, SECRET_MARKER, { value: true, enumerable: false });
    Object.freeze(this);
  }

  /** Wraps a string; returns an existing `Secret` (from any copy of this package) unchanged. */
  static from(value: string | Secret, options?: SecretOptions): Secret {
    return Secret.isInstance(value) ? value : new Secret(value, options);
  }

  /** True for a `Secret` made by any copy of `@toolweave/core`. */
  static isInstance(value: unknown): value is Secret {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[SECRET_MARKER] === true;
  }

  /** The raw value. Call only where it is written to a request header. */
  reveal(): string {
    const value = values.get(this);
    if (value === undefined) throw new TypeError("Secret was not created by this copy of @toolweave/core");
    return value;
  }

  /** Length of the raw value in characters (for validation messages; does not print it). */
  get length(): number {
    return this.reveal().length;
  }

  /** The mask, never the value: `String(secret)` and template literals print this. */
  toString(): string {
    return this.masked;
  }

  /** The mask, never the value: `JSON.stringify` writes this. */
  toJSON(): string {
    return this.masked;
  }

  /** The mask, never the value: used by `+`, `==` and other implicit conversions. */
  [Symbol.toPrimitive](): string {
    return this.masked;
  }

  /** What `util.inspect` and `console.log` print: `Secret(<label> <mask>)`, never the value. */
  [INSPECT_CUSTOM](): string {
    return `Secret(${this.label ? `${this.label} ` : ""}${this.masked})`;
  }
}
