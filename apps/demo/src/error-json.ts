import { definedOnly, type ErrorKind, type ToolweaveError } from "@toolweave/core";
import { forCli } from "./format/index.js";

/**
 * A toolweave error as the demo's JSON carries it (`--json`, the page's `/api/…`, the page
 * itself): core's redacted `toJSON()`, never a header, token or stack.
 */
export interface ErrorJson {
  name: string;
  kind: ErrorKind;
  /** What went wrong; the fix is never part of it. */
  message: string;
  /** What to do about it, worded for this CLI. */
  fix?: string;
  status?: number;
  provider?: string;
  isRetryable: boolean;
  /** `request`, `details`, `problems` (a configuration error's), as core gives them. */
  [key: string]: unknown;
}

/** The one way the demo turns an error into JSON: core's `toJSON()` without empty fields, the fix worded for the CLI. */
export function errorJson(error: ToolweaveError): ErrorJson {
  const json = definedOnly(error.toJSON()) as ErrorJson;
  return typeof json.fix === "string" ? { ...json, fix: forCli(json.fix) } : json;
}
