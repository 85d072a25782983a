import type { Result } from "./results.js";

/** Content script → background. */
export type Request = { kind: "context"; url: string } | { kind: "refresh-config" };

/** What the bar draws. */
export type BarState = { kind: "loading"; server: string } | { kind: "results"; server: string; results: Result[] } | { kind: "error"; line: string };
