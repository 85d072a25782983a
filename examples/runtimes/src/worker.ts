/**
 * A Worker (bundled with esbuild for Workers' conditions) answering a service's latest pipeline
 * and active alerts as JSON. Its variables are the Worker's env bindings (secrets and vars);
 * there is no `process.env` and no file system, so they are passed to secrets-env as `env`.
 *
 *   GET /?project=gh/acme/checkout&service=checkout&env=prod
 */
import { describeFailure, showService } from "./show-service.js";

export default {
  async fetch(request: Request, env: Record<string, string | undefined>): Promise<Response> {
    const query = new URL(request.url).searchParams;
    try {
      const view = await showService({
        env,
        project: query.get("project") ?? "gh/acme/checkout",
        service: query.get("service") ?? "checkout",
        environment: query.get("env") ?? "prod",
        userAgent: "toolweave-example-worker/1.0",
      });
      return Response.json(view);
    } catch (error) {
      return Response.json({ error: describeFailure(error) }, { status: 502 });
    }
  },
};
