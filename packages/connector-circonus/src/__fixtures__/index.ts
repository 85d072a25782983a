/**
 * Realistic Circonus API payloads (provenance in each file), exported for tests and for the
 * demo's simulated Circonus: `import { circonusFixtures } from "@toolweave/connector-circonus/fixtures"`.
 */
import { accountCurrent, userCurrent } from "./account.js";
import { alertCleared, alertList } from "./alerts.js";
import { checkBundleSearch, checkBundlesNonConforming } from "./check-bundles.js";
import { errorForbiddenBadApp, errorForbiddenBadToken, errorInvalidSearch, errorNotApproved, errorRateLimitText } from "./errors.js";
import {
  annotationList,
  checkList,
  contactGroupList,
  dashboardList,
  graphList,
  maintenanceList,
  metricList,
  ruleSetList,
} from "./other.js";

export const circonusFixtures = {
  accountCurrent,
  userCurrent,
  checkBundleSearch,
  checkBundlesNonConforming,
  alertList,
  alertCleared,
  checkList,
  metricList,
  ruleSetList,
  contactGroupList,
  graphList,
  dashboardList,
  maintenanceList,
  annotationList,
  errors: {
    forbiddenBadToken: errorForbiddenBadToken,
    forbiddenBadApp: errorForbiddenBadApp,
    invalidSearch: errorInvalidSearch,
    notApproved: errorNotApproved,
    rateLimitText: errorRateLimitText,
  },
} as const;

export type CirconusFixtures = typeof circonusFixtures;
