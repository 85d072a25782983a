// What the README's snippets assume: core's types in scope, and a connector under test.
import type { CorrelationKeys, ErrorKind, Hub, ResourceRef } from "@toolweave/core";
import { createCircleCI } from "@toolweave/connector-circleci";
declare const CANARY: string;
declare const meFixture: unknown;
declare const hub: Hub;
declare const since: Date;
declare const until: Date;
