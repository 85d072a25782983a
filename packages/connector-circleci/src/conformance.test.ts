import { runConformanceSuite } from "@toolweave/core/testing";
import { http, HttpResponse } from "msw";
import { createCircleCI, type CircleCIClient } from "./create-circleci.js";
import * as fx from "./__fixtures__/index.js";

runConformanceSuite<CircleCIClient>({
  name: "CircleCI",
  baseUrl: "https://circleci.conformance.test/api/v2",
  secret: "CCIPAT_Conf0rmanceCanary_0123456789abcdef0123456789abcdef01234567",
  create: ({ baseUrl, secret, runtime }) => createCircleCI({ token: secret, baseUrl, ...runtime }),
  authHeaders: { "circle-token": "CCIPAT_Conf0rmanceCanary_0123456789abcdef0123456789abcdef01234567" },
  get: {
    path: "/me",
    body: fx.user,
    driftBody: { id: fx.USER_ID, login: 42 },
    call: (client, signal) => client.me(signal ? { signal } : {}),
  },
  list: {
    path: "/project/gh/acme/checkout/pipeline",
    call: (client) => client.listPipelines("gh/acme/checkout").toArray(),
    // The same cursor forever (mondoohq/mql #9672).
    loopingPage: () => ({ body: fx.page([fx.pipelines[0]], "same-cursor") }),
  },
  partialFind: {
    keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
    handlers: (base) => [
      http.get(`${base}/project/gh/acme/checkout`, () => HttpResponse.json(fx.project)),
      http.get(`${base}/context`, () => HttpResponse.json(fx.page(fx.contexts))),
      http.get(`${base}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
        // The newest pipeline's workflows stay unavailable past the retries.
        if (params.id === fx.pipelines[0]!.id) return HttpResponse.json({ message: "unavailable" }, { status: 503 });
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    ],
    call: (client, keys) => client.correlator.find(keys),
    lookup: /^workflows of pipeline #1207 \(gh\/acme\/checkout\)$/,
  },
  events: {
    keys: { service: "checkout", env: "prod", repo: "gh/acme/checkout" },
    since: new Date("2026-02-27T00:00:00.000Z"),
    until: new Date("2026-03-02T12:00:00.000Z"),
    provider: "circleci",
    handlers: (base) => [
      http.get(`${base}/project/gh/acme/checkout/pipeline`, () => HttpResponse.json(fx.page(fx.pipelines))),
      http.get(`${base}/pipeline/:id/workflow`, ({ params }) => {
        const items = fx.workflowsByPipeline[String(params.id)];
        return items ? HttpResponse.json(fx.page(items)) : HttpResponse.json({ message: "Not found" }, { status: 404 });
      }),
    ],
    call: (client, keys, options) => client.correlator.events(keys, options),
  },
});
