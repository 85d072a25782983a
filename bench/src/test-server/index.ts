export { createTestServer, CREDENTIAL_HEADERS, type TestServer } from "./test-server.js";
export { CIRCLECI_TOKEN, pipelineId } from "./circleci-world.js";
export { CIRCONUS_APP, CIRCONUS_TOKEN } from "./circonus-world.js";
export { testServerEnv } from "./test-server-env.js";
export type { FaultKind, FaultRule, Provider, RecordedRequest, ServerCounters, TestServerOptions, RateLimitOptions } from "./types.js";
