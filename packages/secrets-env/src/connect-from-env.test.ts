import { z } from "zod";
import { CONTRACT_VERSION, ConfigurationError, Secret, defineConnector, type Connector } from "@toolweave/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { connectFromEnv } from "./connect-from-env.js";
import { createEnvSecrets } from "./create-env-secrets.js";
import { VALID, circleci } from "./test-support/fake-connectors.js";

/** A connector whose factory is typed, as a real one: settings in, a typed client out. */
interface ProbeSettings {
  token: string | Secret;
  baseUrl?: string;
  tokenSource?: string;
  throttle?: { requestsPerSecond?: number };
}
interface ProbeClient extends Connector {
  readonly settings: ProbeSettings;
  ping(): string;
}

const probeConnector = defineConnector<ProbeSettings, ProbeClient>({
  contractVersion: CONTRACT_VERSION,
  id: "probe",
  displayName: "Probe",
  credentialSchema: z.strictObject({ token: z.unknown(), tokenSource: z.string().optional() }),
  env: [
    {
      name: "PROBE_TOKEN",
      setting: "token",
      secret: true,
      required: true,
      schema: z.string().regex(/^prb_[a-z0-9]{12,}$/, "not a probe token"),
      expected: "a probe token (prb_…)",
      fix: "Create one in Probe's settings and set PROBE_TOKEN.",
      description: "Probe API token.",
    },
    {
      name: "PROBE_BASE_URL",
      setting: "baseUrl",
      schema: z.url(),
      expected: "an https URL",
      fix: "Set PROBE_BASE_URL to the API root or unset it.",
      description: "API root.",
    },
  ],
  create: (settings) => ({ id: "probe", displayName: "Probe", settings, ping: () => "pong" }) as unknown as ProbeClient,
});

const env = { PROBE_TOKEN: "prb_0123456789abcdef", PROBE_BASE_URL: "https://probe.example.test/v1", CIRCLECI_TOKEN: VALID.CIRCLECI_TOKEN };

describe("typed from env to call", () => {
  it("resolve([...]) is a tuple typed per descriptor, so settings go into a factory without a cast", () => {
    const [probe, ci] = createEnvSecrets({ env }).resolve([probeConnector, circleci]);
    expectTypeOf(probe.settings).toEqualTypeOf<ProbeSettings>();
    expectTypeOf(ci.settings).toEqualTypeOf<Record<string, unknown>>();
    const client = probeConnector.create(probe.settings);
    expect(client.ping()).toBe("pong");
    expect(Secret.isInstance(probe.settings.token)).toBe(true);
    expect(probe.settings.baseUrl).toBe("https://probe.example.test/v1");
  });

  it("connect(descriptor) returns the typed connector, with where its token came from", () => {
    const client = createEnvSecrets({ env }).connect(probeConnector, { throttle: { requestsPerSecond: 5 } });
    expectTypeOf(client).toEqualTypeOf<ProbeClient>();
    expect(client.settings.tokenSource).toBe("PROBE_TOKEN (env)");
    expect(client.settings.throttle).toEqual({ requestsPerSecond: 5 });
    expect(String(client.settings.token)).not.toContain("0123456789abcdef");
  });

  it("connectFromEnv(descriptor) reads the environment and returns the connector in one call", () => {
    const client = connectFromEnv(probeConnector, { env, settings: { baseUrl: "https://override.example.test/v1" } });
    expectTypeOf(client).toEqualTypeOf<ProbeClient>();
    expect(client.settings.baseUrl).toBe("https://override.example.test/v1");
  });

  it("does not add tokenSource for a connector whose settings do not declare it", () => {
    const narrow = defineConnector<ProbeSettings, ProbeClient>({ ...probeConnector, credentialSchema: z.strictObject({ token: z.unknown() }) });
    expect(connectFromEnv(narrow, { env }).settings.tokenSource).toBeUndefined();
  });

  it("throws one ConfigurationError naming the missing variable and its fix, creating nothing", () => {
    let created = 0;
    const counting = defineConnector<ProbeSettings, ProbeClient>({ ...probeConnector, create: (s) => (created++, probeConnector.create(s)) });
    const error = (() => {
      try {
        connectFromEnv(counting, { env: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toMatch(/PROBE_TOKEN/);
    expect(created).toBe(0);
  });

  it("refuses something that is not a descriptor with the fix", () => {
    expect(() => createEnvSecrets({ env }).connect({} as never)).toThrowError(/connector descriptor/);
  });
});
