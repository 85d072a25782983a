import { doctorCommand, incompleteWithProvider } from "@toolweave/demo/kit";
import { z } from "zod";
import { runCommand } from "../run-command.js";
import { defineTool, READ_ONLY } from "../tool-spec.js";

interface DoctorRow {
  id: string;
  displayName: string;
  configured: boolean;
  verify?: { ok: boolean };
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
      const incomplete = failed.map((e) => ({
        lookup: `${e.displayName} credential check`,
        error: { ...e.error!, kind: e.error!.kind ?? "unknown" },
        retryable: e.error!.isRetryable === true,
        provider: e.id,
      }));
      return { complete: incomplete.length === 0, incomplete };
    });
  },
});
