import type { ConnectorResult, IncompletePart } from "@toolweave/core";
import type { CircleCiStatus, CirconusStatus } from "./provider-status.js";
import { errorJson, type ErrorJson } from "./error-json.js";
import type { Providers } from "./providers.js";

/**
 * One provider's part of a service's status: its answer, the error that stopped it, or the
 * variables it lacks. The one shape of `demo status --json`'s `providers[]`, of
 * `/api/services/<name>`'s and of what the page shows.
 */
export type ProviderView =
  | { id: string; displayName: string; configured: true; ok: true; incomplete: IncompletePart[]; data: CircleCiStatus | CirconusStatus }
  | { id: string; displayName: string; configured: true; ok: false; error: ErrorJson }
  | { id: string; displayName: string; configured: false; ok: false; missing: string[] };

/** The status of every configured provider, then the providers not configured. */
export function providerViews(results: readonly ConnectorResult<CircleCiStatus | CirconusStatus>[], notConfigured: Providers["notConfigured"]): ProviderView[] {
  return [
    ...results.map(
      (r): ProviderView =>
        r.ok
          ? { id: r.connectorId, displayName: r.displayName, configured: true, ok: true, incomplete: r.value.incomplete, data: r.value }
          : { id: r.connectorId, displayName: r.displayName, configured: true, ok: false, error: errorJson(r.error) },
    ),
    ...notConfigured.map((m): ProviderView => ({ id: m.id, displayName: m.displayName, configured: false, ok: false, missing: m.variables })),
  ];
}
