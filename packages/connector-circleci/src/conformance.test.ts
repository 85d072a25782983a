import { runConformanceSuite } from "@toolweave/core/testing";
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
});
