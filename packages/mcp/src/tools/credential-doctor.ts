import { doctorCommand, incompleteWithProvider } from "@toolweave/demo/kit";
import { z } from "zod";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";

/** A failed check of these kinds says nothing about the credential: it could not be checked. */
const NOT_CHECKED = new Set(["service", "timeout", "network", "rate_limited", "invalid_response", "unknown"]);

interface DoctorRow {
  id: string;
  displayName: string;
  configured: boolean;
  verify?: { ok: boolean; checks: { name: string; ok: boolean; kind?: string; detail: string; fix?: string; status?: number }[] };
  error?: { message: string; fix?: string; kind?: string; name?: string; isRetryable?: boolean };
}

/** `credential_doctor`: each credential, whether it works, what to fix. */
export const credentialDoctor = defineTool({
  name: "credential_doctor",
  title: "Credential doctor",
  description:
    "Checks each configured tool's credential: what kind it is (CircleCI personal or project token, Circonus token and its privilege and app approval), whether it works now, when to rotate it, which variables are set and from where (values masked), and what to fix. Use it when another tool's answer failed with an authentication or permission error. Never shows a token.",
  input: {},
  output: doctorCommand.output.extend({
    complete: z.boolean().describe("False when a configured tool's credential could not be checked (see `incomplete`)."),
    incomplete: z.array(incompleteWithProvider),
  }),
  annotations: { ...READ_ONLY, title: "Credential doctor" },
  async run(_input, call) {
    return runCommand(doctorCommand, call, {}, (entries) => {
      // A configured tool whose check could not run (unreachable, refused) is a part not read.
      const failed = (entries as DoctorRow[]).filter((e) => e.configured && e.error);
      const incomplete = [
        ...failed.map((e) => ({
          lookup: `${e.displayName} credential check`,
          error: { ...e.error!, kind: e.error!.kind ?? "unknown" },
          retryable: e.error!.isRetryable === true,
          provider: e.id,
        })),
        // A check the tool could not answer (down, slow, rate limited) is a part not read, not a verdict.
        ...(entries as DoctorRow[]).flatMap((e) =>
          (e.verify?.checks ?? [])
            .filter((c) => !c.ok && NOT_CHECKED.has(c.kind ?? "unknown"))
            .map((c) => ({
              lookup: `${e.displayName} credential check: ${c.name}`,
              error: { name: "VerifyCheck", kind: c.kind ?? "unknown", message: c.detail, ...(c.fix ? { fix: c.fix } : {}), ...(c.status === undefined ? {} : { status: c.status }) },
              retryable: true,
              provider: e.id,
            })),
        ),
      ];
      return { complete: incomplete.length === 0, incomplete };
    });
  },
});
