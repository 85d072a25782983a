import { ConfigurationError } from "./errors.js";
import { createHttpClient } from "./http/http-client.js";
import type { HttpClient, HttpClientSettings } from "./http/types.js";
import type { RuntimeSettings } from "./runtime-settings.js";

/** What {@link createConnectorHttpClient} takes: the connector's part, and the resolved runtime settings whole. */
export interface ConnectorHttpClientOptions extends Pick<HttpClientSettings, "baseUrl" | "authenticate" | "headers" | "mapError" | "maxRedirects"> {
  /** Connector id, e.g. `circleci`. */
  provider: string;
  /** Display name used in messages, e.g. `CircleCI`. */
  displayName: string;
  /**
   * The connector's own product token, first in every `User-Agent`: `toolweave-<id>/<version>`
   * (its `version.ts`, stamped at build time). The app's `userAgent` setting is appended to it.
   */
  product: string;
  /** The runtime settings as resolved (a settings table's `values.runtime`): all of them are passed on. */
  runtime: RuntimeSettings;
}

/** `toolweave-<id>/<version>`: one product token of the connector's own. */
const PRODUCT = /^toolweave-[a-z][a-z0-9-]*\/[\x21-\x7e]+$/;

/**
 * A connector's HTTP client: core's `createHttpClient` with every runtime setting the caller
 * gave (`stores`, `userAgent`, `maxResponseBytes`, … : the connector does not list them, so a
 * new one reaches every connector) and the connector's own product token. `maxPages` is not the
 * client's: read it from `runtime` where the connector paginates.
 */
export function createConnectorHttpClient(options: ConnectorHttpClientOptions): HttpClient {
  const { runtime, product, ...connector } = options;
  if (typeof product !== "string" || !PRODUCT.test(product) || product.startsWith("toolweave-core/")) {
    throw new ConfigurationError(`${options.displayName}: the connector's product token ${JSON.stringify(String(product))} is not "toolweave-<id>/<version>".`, {
      provider: options.provider,
      fix: `Pass product: \`toolweave-${options.provider}/\${VERSION}\` from the connector's version.ts (its version is written in at build time).`,
    });
  }
  const { maxPages: _maxPages, ...http } = runtime;
  return createHttpClient({ ...http, ...connector, product });
}
