import { assessRotation, createHub, type RotationAssessment, type VerifyReport } from "@toolweave/core";
import type { Providers } from "../providers.js";

export interface DoctorEntry {
  id: string;
  displayName: string;
  configured: boolean;
  credential?: VerifyReport["credential"];
  verify?: VerifyReport;
  rotation?: RotationAssessment;
  error?: Record<string, unknown>;
  /** What to do, one line each. */
  todo: string[];
  variables: { variable: string; set: boolean; source?: string; display?: string; problem?: string }[];
}

/** The variables a connector reads, where they came from and any problem (masked, never a secret). */
function variablesOf(providers: Providers, connectorId: string): DoctorEntry["variables"] {
  return providers.variables
    .filter((v) => v.connectorId === connectorId)
    .map((v) => ({ variable: v.variable, set: v.set, ...(v.source ? { source: v.source } : {}), ...(v.display ? { display: v.display } : {}), ...(v.problem ? { problem: v.problem } : {}) }));
}

/** `doctor`: what each credential is and can do, whether it works, and what to fix. */
export async function runDoctor(providers: Providers, now: Date, signal?: AbortSignal): Promise<DoctorEntry[]> {
  const hub = createHub({ connectors: providers.connectors, concurrency: 2 });
  const results = await hub.verifyAll(signal ? { signal } : {});
  const entries: DoctorEntry[] = results.map((result) => {
    const connector = providers.connectors.find((c) => c.id === result.connectorId)!;
    const rotation = assessRotation(connector.credential, {}, now);
    const variables = variablesOf(providers, result.connectorId);
    const todo: string[] = [];
    if (result.ok) {
      for (const check of result.value.checks) if (!check.ok && check.fix) todo.push(check.fix);
    } else {
      todo.push(result.error.fix ?? result.error.message);
    }
    if (rotation.status !== "ok") todo.push(rotation.message);
    return {
      id: result.connectorId,
      displayName: result.displayName,
      configured: true,
      credential: result.ok
        ? result.value.credential
        : { kind: connector.credential.kind, masked: connector.credential.secret.masked, ...(connector.credential.privilege ? { privilege: connector.credential.privilege } : {}), ...(connector.credential.scope ? { scope: connector.credential.scope } : {}) },
      ...(result.ok ? { verify: result.value } : { error: result.error.toJSON() }),
      rotation,
      todo,
      variables,
    };
  });
  for (const missing of providers.notConfigured) {
    entries.push({
      id: missing.id,
      displayName: missing.displayName,
      configured: false,
      todo: [`Set ${missing.variables.join(" and ")} to use ${missing.displayName} (see the secrets-env README).`],
      variables: variablesOf(providers, missing.id),
    });
  }
  return entries;
}
