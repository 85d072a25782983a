import { redactExcerpt } from "@toolweave/core";
import { z } from "zod";
import { lazySchema } from "@toolweave/core";

const text = lazySchema(() =>
  z
    .union([z.string(), z.number(), z.boolean()])
    .transform((v) => String(v))
    .nullable()
    .optional()
    .catch(undefined),
);

/**
 * A Circonus error body. Shapes differ by backend and era (SPEC `{code,status,message}`,
 * SPEC21 adds `explanation`, GOAPI mocks `{reference,explanation,server,tag,message,code}`,
 * PY `success`), so every field is optional and a wrong type is ignored (https://docs.circonus.com/circonus/api/, https://github.com/circonus-labs/go-apiclient).
 */
export const circonusErrorBodySchema = lazySchema(() =>
  z.object({
    code: text,
    message: text,
    explanation: text,
    reference: text,
    tag: text,
    server: text,
    status: z.number().nullable().optional().catch(undefined),
    error: z.object({ message: text }).nullable().optional().catch(undefined),
  }),
);

/** What {@link parseCirconusErrorBody} read from an error answer: every field optional and trimmed. */
export interface CirconusErrorBody {
  /** The vendor error code, when sent. */
  code?: string;
  /** The error message (or the nested `error.message`). */
  message?: string;
  /** A longer explanation, when the backend sends one. */
  explanation?: string;
  /** A reference for Circonus support. */
  reference?: string;
  /** A trace tag for Circonus support. */
  tag?: string;
  /** The server that answered. */
  server?: string;
  /** A non-JSON body (rate limiters and proxies answer in plain text, https://docs.circonus.com/circonus/api/), trimmed. */
  text?: string;
}

/** Reads whatever a Circonus error body says; never throws. */
export function parseCirconusErrorBody(json: unknown, raw: string): CirconusErrorBody {
  const out: CirconusErrorBody = {};
  if (json !== undefined && json !== null && typeof json === "object" && !Array.isArray(json)) {
    const parsed = circonusErrorBodySchema.safeParse(json);
    if (parsed.success) {
      const d = parsed.data;
      for (const key of ["code", "message", "explanation", "reference", "tag", "server"] as const) {
        const value = d[key];
        if (typeof value === "string" && value.trim()) out[key] = value.trim();
      }
      if (!out.message && d.error?.message) out.message = d.error.message;
    }
    return out;
  }
  // Excerpts are redacted before they are cut (redactExcerpt): a cut first could split an
  // echoed token so that the part left is no longer recognised as a secret.
  if (typeof json === "string") return json.trim() ? { text: redactExcerpt(json, 300) } : {};
  if (json !== undefined && json !== null) return out; // a number or an array says nothing usable
  const trimmed = raw.replace(/\s+/g, " ").trim();
  if (trimmed) {
    // A JSON body the HTTP layer did not parse (e.g. served as text/plain) is still read.
    if (trimmed.startsWith("{")) {
      try {
        return parseCirconusErrorBody(JSON.parse(raw) as unknown, "");
      } catch {
        /* plain text after all */
      }
    }
    out.text = redactExcerpt(trimmed, 300);
  }
  return out;
}
