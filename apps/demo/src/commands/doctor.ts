import { assessRotation, createHub, type HttpHooks, type RotationAssessment, type VerifyReport } from "@toolweave/core";
import { circleciConnector } from "@toolweave/connector-circleci";
import { circonusConnector } from "@toolweave/connector-circonus";
import { z } from "zod";
import { answerHead, type CommandContext, type JsonBody } from "../command.js";
import { errorJson, type ErrorJson } from "../error-json.js";
import { EXIT } from "../exit-codes.js";
import { forCli, table } from "../format/index.js";
import type { Painter } from "../io.js";
import { errorSchema, header, isoDate, providerBase } from "../output-schema-parts.js";
import type { Mode, Providers } from "../providers.js";
import { banner } from "../render.js";

const DESCRIPTORS = [circleciConnector, circonusConnector];

export interface DoctorEntry {
  id: string;
  displayName: string;
  configured: boolean;
  credential?: VerifyReport["credential"];
  verify?: VerifyReport;
  rotation?: RotationAssessment;
  error?: ErrorJson;
  /** Checks that passed with nothing to do (shown with ✓). */
  fine: { name: string; detail: string }[];
  /** What to do, one line each, each said once (shown with →). */
  todo: string[];
  variables: { variable: string; set: boolean; source?: string; display?: string; problem?: string }[];
}

/** A passing check's detail that asks for something ("Set privilege (…) so …"). */
const ADVICE = /\b(set|rotate|plan to|approve|create)\b/i;

/**
 * The identity calls each tool's `verify()` makes (operation names, as core's HTTP events carry
 * them) and the checks that report them. Every API root answers these (CircleCI `GET /me`,
 * Circonus `GET /account/current` and `/user/current`), so a 404 means the base URL is not an API root.
 */
const IDENTITY_CALLS: Readonly<Record<string, { operations: readonly string[]; checks: readonly string[] }>> = {
  circleci: { operations: ["me"], checks: ["authentication"] },
  circonus: { operations: ["getAccount", "getCurrentUser"], checks: ["account", "user"] },
};

/** What {@link identityProbe} notes. */
export interface IdentityProbe {
  /** Core's HTTP hooks, to pass to the connectors. */
  hooks: HttpHooks;
  /** connector id → the identity request that answered 404 (method and redacted URL). */
  notFound: Map<string, string>;
}

/** Notes, through core's HTTP hooks, each tool whose identity call answered 404. */
export function identityProbe(): IdentityProbe {
  const notFound = new Map<string, string>();
  return {
    notFound,
    hooks: {
      onResponse: (event) => {
        if (event.status === 404 && IDENTITY_CALLS[event.provider]?.operations.includes(event.operation) && !notFound.has(event.provider)) notFound.set(event.provider, `${event.method} ${event.url}`);
      },
    },
  };
}

/** What to do when a tool's identity call answered 404: its base URL variable is wrong, and what it should be. */
function wrongBaseUrl(connectorId: string, displayName: string, request: string): string {
  const variable = DESCRIPTORS.find((d) => d.id === connectorId)?.env.find((v) => v.setting === "baseUrl");
  const name = variable?.name ?? `the ${displayName} base URL`;
  return (
    `${name} is wrong: ${request}, the identity call every ${displayName} API answers, got 404. ` +
    `Set ${name} to ${variable?.expected ?? "the API root URL"}${variable?.defaultValue ? ` (unset, it is ${variable.defaultValue})` : ""}.`
  );
}

/** The variables a connector reads, where they came from and any problem (masked, never a secret). */
function variablesOf(providers: Providers, connectorId: string): DoctorEntry["variables"] {
  return providers.variables
    .filter((v) => v.connectorId === connectorId)
    .map((v) => ({ variable: v.variable, set: v.set, ...(v.source ? { source: v.source } : {}), ...(v.display ? { display: v.display } : {}), ...(v.problem ? { problem: v.problem } : {}) }));
}

/**
 * `doctor`: what each credential is and can do, whether it works, and what to fix. With the
 * `probe` whose hooks the providers were made with, a 404 on a tool's identity call is reported
 * as a wrong base URL (naming its variable) instead of the identity check's generic fix.
 */
export async function runDoctor(providers: Providers, now: Date, signal?: AbortSignal, probe?: IdentityProbe): Promise<DoctorEntry[]> {
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  const results = await hub.verifyAll(signal ? { signal } : {});
  const entries: DoctorEntry[] = results.map((result) => {
    const connector = providers.connectors.find((c) => c.id === result.connectorId)!;
    const rotation = assessRotation(connector.credential, {}, now);
    const variables = variablesOf(providers, result.connectorId);
    const tokenVariable = DESCRIPTORS.find((d) => d.id === result.connectorId)?.env.find((v) => v.setting === "token")?.name;
    // Core words its advice for any provider ("<VAR>_CREATED_AT"): name this tool's variable.
    const plain = (text: string) => forCli(tokenVariable ? text.replace(/<VAR>/g, tokenVariable) : text);
    const todo: string[] = [];
    const fine: DoctorEntry["fine"] = [];
    const add = (text: string) => {
      if (!todo.includes(plain(text))) todo.push(plain(text));
    };
    const notFound = probe?.notFound.get(result.connectorId);
    const baseUrlAdvice = notFound === undefined ? undefined : wrongBaseUrl(result.connectorId, result.displayName, notFound);
    if (result.ok) {
      for (const check of result.value.checks) {
        if (baseUrlAdvice && !check.ok && IDENTITY_CALLS[result.connectorId]?.checks.includes(check.name)) {
          add(baseUrlAdvice);
          continue;
        }
        // A check that passed but gives advice (rotation due, privilege not declared) is a to-do, not a ✓.
        const advice = check.fix ?? (check.name === "rotation" ? (rotation.status === "ok" ? undefined : rotation.message) : ADVICE.test(check.detail) ? check.detail : undefined);
        if (check.ok && !advice) fine.push({ name: check.name, detail: plain(check.detail) });
        else add(advice ?? check.detail);
      }
    } else {
      add(baseUrlAdvice ?? result.error.fix ?? result.error.message);
    }
    if (rotation.status !== "ok") add(rotation.message);
    return {
      id: result.connectorId,
      displayName: result.displayName,
      configured: true,
      credential: result.ok
        ? result.value.credential
        : { kind: connector.credential.kind, masked: connector.credential.secret.masked, ...(connector.credential.privilege ? { privilege: connector.credential.privilege } : {}), ...(connector.credential.scope ? { scope: connector.credential.scope } : {}) },
      ...(result.ok ? { verify: result.value } : { error: errorJson(result.error) }),
      rotation: { ...rotation, message: plain(rotation.message) },
      fine,
      todo,
      variables,
    };
  });
  for (const missing of providers.notConfigured) {
    entries.push({
      id: missing.id,
      displayName: missing.displayName,
      configured: false,
      fine: [],
      todo: [`Set ${missing.variables.join(" and ")} to use ${missing.displayName} (see the secrets-env README).`],
      variables: variablesOf(providers, missing.id),
    });
  }
  return entries;
}

// The `doctor` command: the checks above, its text, its `--json` answer.

export const name = "doctor";
export const summary = "What each credential is, whether it works, what to fix";
export const positionals: string[] = [];
export const flags = {};
export const worksWithoutCatalog = true;

export async function run(ctx: CommandContext): Promise<DoctorEntry[]> {
  // doctor watches the identity calls: a 404 there means a wrong base URL, not a missing object.
  const probe = identityProbe();
  const providers = await ctx.providers(probe.hooks);
  return runDoctor(providers, new Date(ctx.now), ctx.signal, probe);
}

export function exitCode(entries: DoctorEntry[]): number {
  return entries.every((e) => !e.configured || e.verify?.ok === true) ? EXIT.ok : EXIT.problems;
}

export function envelope(entries: DoctorEntry[], ctx: CommandContext): JsonBody<typeof output> {
  return { ...answerHead("doctor", ctx), providers: entries };
}

export function render(entries: DoctorEntry[], ctx: CommandContext): string {
  return renderDoctor(ctx.mode, entries, ctx.out);
}

const credential = z.looseObject({ kind: z.string(), masked: z.string(), scope: z.string().optional(), privilege: z.string().optional() });

export const output = z.strictObject({
  ...header("doctor"),
  generatedAt: isoDate,
  providers: z.array(
    z.strictObject({
      ...providerBase,
      configured: z.boolean(),
      credential: credential.optional(),
      verify: z.looseObject({ ok: z.boolean(), checks: z.array(z.looseObject({ name: z.string(), ok: z.boolean(), detail: z.string() })) }).optional(),
      error: errorSchema.optional(),
      rotation: z.looseObject({ status: z.string(), message: z.string(), ageDays: z.number().optional(), expiresInDays: z.number().optional() }).optional(),
      fine: z.array(z.strictObject({ name: z.string(), detail: z.string() })),
      todo: z.array(z.string()),
      variables: z.array(
        z.strictObject({ variable: z.string(), set: z.boolean(), source: z.string().optional(), display: z.string().optional(), problem: z.string().optional() }),
      ),
    }),
  ),
});

export function renderDoctor(mode: Mode, entries: DoctorEntry[], p: Painter): string {
  const out: string[] = [banner(mode, p)];
  for (const e of entries) {
    const ok = e.configured && e.verify?.ok === true && e.todo.length === 0;
    out.push(`${p.paint("bold", e.displayName)}  ${!e.configured ? p.paint("gray", "not configured") : ok ? p.paint("green", "✓ ok") : e.verify?.ok ? p.paint("yellow", "! works, with advice") : p.paint("red", "✗ problem")}`);
    if (e.credential) {
      const c = e.credential;
      out.push(
        table(
          [
            ["credential", `${c.kind}${c.scope ? ` (scope ${c.scope})` : ""}${c.privilege ? ` (privilege ${c.privilege})` : ""} ${c.masked}`],
            ...(c.source ? [["source", c.source]] : []),
            ...(e.verify?.identity ? [["identity", e.verify.identity]] : []),
            ...(e.rotation ? [["rotation", `${e.rotation.ageDays === undefined ? "age unknown" : `${e.rotation.ageDays} days old`}${e.rotation.expiresInDays === undefined ? "" : `, expires in ${e.rotation.expiresInDays} days`}${e.rotation.status === "unknown" ? "" : ` · ${ROTATION_WORDS[e.rotation.status] ?? e.rotation.status}`}`]] : []),
          ],
          "  ",
        ),
      );
    }
    for (const v of e.variables) out.push(`  ${p.paint("gray", `${v.variable}: ${v.set ? `set (${v.source ?? "env"})${v.display ? ` ${v.display}` : ""}` : "not set"}${v.problem ? ` — ${v.problem}` : ""}`)}`);
    // What is fine, then what needs doing: a ✓ never carries advice, and each advice is said once.
    for (const check of e.fine) out.push(`  ${p.paint("green", "✓")} ${check.name}: ${check.detail}`);
    if (e.error) out.push(`  ${p.paint("red", "✗")} ${e.error.message}`);
    for (const todo of e.todo) out.push(`  ${p.paint("yellow", "→")} ${todo}`);
    out.push("");
  }
  return out.join("\n");
}

/** Rotation states in words (core's status values are for scripts). */
const ROTATION_WORDS: Record<string, string> = {
  ok: "within the rotation policy",
  "rotate-soon": "due for rotation soon",
  "rotate-now": "due for rotation now",
  expiring: "expires soon",
  expired: "expired",
  unknown: "age unknown",
};
