import type { ToolSpec } from "../tool-spec.js";
import { alertSuspects } from "./alert-suspects.js";
import { annotateDeploys } from "./annotate-deploys.js";
import { credentialDoctor } from "./credential-doctor.js";
import { deliveryHealth } from "./delivery-health.js";
import { lastDeploy } from "./last-deploy.js";
import { listServices } from "./list-services.js";
import { namingAudit } from "./naming-audit.js";
import { pageContext } from "./page-context.js";
import { serviceStatus } from "./service-status.js";
import { serviceTimeline } from "./service-timeline.js";

/** Every tool, in the order `tools/list` gives them; a tool that `writes` is registered only with `allowWrites`. */
export const TOOLS: readonly ToolSpec[] = [listServices, serviceStatus, serviceTimeline, deliveryHealth, alertSuspects, lastDeploy, pageContext, namingAudit, credentialDoctor, annotateDeploys];
