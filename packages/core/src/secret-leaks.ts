import { inspect } from "node:util";
import { expect } from "vitest";
import { ConfigurationError, ToolweaveError } from "./errors.js";
import type { HttpHooks } from "./http/types.js";

/** What {@link secretLeakCheck} gives a test: assertions that no piece of one token shows anywhere. */
export interface SecretLeakCheck {
  /** Fails when `text` holds any 8-character piece of the token (case-insensitively), naming `where`. */
  expectNoTokenIn(where: string, text: string): void;
  /**
   * Fails unless `error` is a `ToolweaveError` whose message, fix, JSON, request summary, stack,
   * `util.inspect` form and (for a configuration error) problems hold no piece of the token.
   */
  expectRedactedError(error: unknown, label: string): void;
}

/**
 * Assertions that a token never shows, whole or in part: every 8-character piece of it is
 * looked for, so a message cut inside the token is caught as well as a token shown whole.
 * For tests of redaction (user input holding the token, servers echoing it).
 */
export function secretLeakCheck(token: string): SecretLeakCheck {
  const fragments = Array.from({ length: Math.max(1, token.length - 7) }, (_, i) => token.slice(i, i + 8).toLowerCase());
  const expectNoTokenIn = (where: string, text: string): void => {
    const lower = text.toLowerCase();
    const found = fragments.find((fragment) => lower.includes(fragment));
    expect(found, `${where} shows a piece of the token: ${text}`).toBeUndefined();
  };
  return {
    expectNoTokenIn,
    expectRedactedError(error, label) {
      expect(ToolweaveError.isInstance(error), `${label}: ${String(error)}`).toBe(true);
      const e = error as ToolweaveError;
      expectNoTokenIn(`${label} message`, e.message);
      expectNoTokenIn(`${label} fix`, String(e.fix));
      expectNoTokenIn(`${label} JSON`, JSON.stringify(e));
      expectNoTokenIn(`${label} request`, JSON.stringify(e.request ?? null));
      expectNoTokenIn(`${label} stack`, String(e.stack));
      expectNoTokenIn(`${label} inspect`, inspect(e, { depth: 6 }));
      if (ConfigurationError.isInstance(e)) expectNoTokenIn(`${label} problems`, JSON.stringify(e.problems));
    },
  };
}

/** HTTP hooks that record every event (`onRequest`, `onResponse`, `onRetry`, `onError`) as text, JSON and `util.inspect` form. */
export function recordingHooks(): { hooks: HttpHooks; events: string[] } {
  const events: string[] = [];
  const record = (name: string) => (event: object) => {
    events.push(`${name} ${JSON.stringify(event)} ${inspect(event, { depth: 6 })}`);
  };
  return { hooks: { onRequest: record("onRequest"), onResponse: record("onResponse"), onRetry: record("onRetry"), onError: record("onError") }, events };
}
