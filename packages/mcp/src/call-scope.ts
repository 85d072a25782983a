import { AsyncLocalStorage } from "node:async_hooks";
import type { HttpHooks } from "@toolweave/core";

// The connectors are set up once per server and shared by every call, but a call may want its
// own HTTP hooks (doctor watches the identity calls; a long call reports progress). The hooks
// the connectors get dispatch to the call that made the request: Node's AsyncLocalStorage
// follows the request through the runtime's promises, so two calls in flight never see each
// other's events.

/** What one tool call listens to. */
export interface CallScope {
  /** Hooks a command asked for (`ctx.providers(hooks)`). */
  hooks?: HttpHooks;
  /** Called for every HTTP answer the call's lookups got (for progress notifications). */
  onResponse?(provider: string): void;
  /** Called before a retry (for a log notification). */
  onRetry?(provider: string, delayMs: number, reason: string): void;
}

const scopes = new AsyncLocalStorage<CallScope>();

/** Runs `fn` with `scope` as the current call's. */
export function inCallScope<T>(scope: CallScope, fn: () => Promise<T>): Promise<T> {
  return scopes.run(scope, fn);
}

/** The current call's scope, if any. */
export const currentScope = (): CallScope | undefined => scopes.getStore();

/** The hooks the shared connectors are created with: each event goes to the call that caused it. */
export const dispatchingHooks: HttpHooks = {
  onRequest: (event) => currentScope()?.hooks?.onRequest?.(event),
  onResponse: (event) => {
    const scope = currentScope();
    scope?.hooks?.onResponse?.(event);
    scope?.onResponse?.(event.provider);
  },
  onRetry: (event) => {
    const scope = currentScope();
    scope?.hooks?.onRetry?.(event);
    scope?.onRetry?.(event.provider, event.delayMs, event.reason);
  },
  onError: (event) => currentScope()?.hooks?.onError?.(event),
};
