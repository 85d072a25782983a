import type { HttpHooks } from "./types.js";

/** Calls a hook with the event `event()` builds (built only when the hook exists); a throwing hook is ignored. */
export function safeHook<K extends keyof HttpHooks>(hooks: HttpHooks | undefined, name: K, event: () => Parameters<NonNullable<HttpHooks[K]>>[0]): void {
  const hook = hooks?.[name] as ((e: unknown) => void) | undefined;
  if (!hook) return;
  try {
    hook(event());
  } catch {
    // A failing logger must never break a request.
  }
}
