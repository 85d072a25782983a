import type { HttpClient } from "@toolweave/core";
import type { ResolvedCirconusSettings } from "./settings.js";

/** What operations share: the HTTP client, the settings, and the write guard. */
export interface CirconusContext {
  readonly http: HttpClient;
  readonly settings: ResolvedCirconusSettings;
  /** Throws `PermissionError` before any request when the declared privilege forbids a write. */
  assertWritable(operation: string): void;
}
