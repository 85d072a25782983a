// A consumer app outside the monorepo: installs the packed tarballs, has its own zod, and
// typechecks under strict with no cast from the environment to typed answers.
import { circleciConnector } from "@toolweave/connector-circleci";
import { buildSearch, circonusConnector } from "@toolweave/connector-circonus";
import { ToolweaveError, createHub, encodePath, type Stores } from "@toolweave/core";
import { createRedisStores } from "@toolweave/redis";
import { connectFromEnv, createEnvSecrets } from "@toolweave/secrets-env";
import { Redis } from "ioredis";
import { z } from "zod";

const project = "gh/acme/checkout";
// With REDIS_URL, every process of the app shares one rate budget and GET cache per token,
// through the app's own ioredis 5 client (the one a BullMQ 5 app already has).
const client = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
const redis = client ? createRedisStores({ client }) : undefined;
const stores: { stores?: Stores } = redis ? { stores: redis } : {};
const circleci = connectFromEnv(circleciConnector, { settings: { userAgent: "consumer-app/1.0", ...stores } });
const secrets = createEnvSecrets();
const circonus = secrets.connect(circonusConnector, stores);
const [circleciSettings] = secrets.resolve([circleciConnector]);
const masked: string = String(circleciSettings.settings.token);

// The app's own zod schema goes into the connector's escape hatch; `data` is inferred from it.
const project_ = z.object({ slug: z.string(), name: z.string() });
const { data } = await circleci.request({ path: encodePath`project/${"gh"}/${"acme"}/${"checkout"}`, schema: project_ });
const slug: string = data.slug;

try {
  const status = await circleci.latestPipelineStatus(project);
  const alerts = await circonus.listAlerts({ search: buildSearch({ tags: ["service:checkout"], terms: { active: 1 } }) }).toArray({ limit: 5 });
  const hub = createHub({ connectors: [circleci, circonus] });
  const results = await hub.correlate({ service: "checkout", env: "prod", repo: project });
  const found = results.map((r) => (r.ok ? `${r.connectorId}:${r.value.resources.length}` : `${r.connectorId}:failed`));
  console.log(JSON.stringify({ slug, masked, outcome: status.outcome, alerts: alerts.length, found, shared: redis !== undefined }));
} catch (error) {
  if (ToolweaveError.isInstance(error)) console.error(error.kind, error.fix);
  throw error;
} finally {
  // The stores never close a client they were given: the app closes its own.
  await redis?.close();
  await client?.quit();
}
