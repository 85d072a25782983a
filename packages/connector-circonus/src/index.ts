export { createCirconus, type CirconusClient, type Signal } from "./create-circonus.js";
export type { BuiltText } from "./built-text.js";
export { circonusConnector, circonusCredentialSchema } from "./descriptor.js";
export {
  circonusSettings,
  circonusSettingsSchema,
  resolveSettings,
  DEFAULT_BASE_URL,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  TOKEN_PATTERN,
  APP_NAME_PATTERN,
  TOKEN_KINDS,
  PRIVILEGES,
  type CirconusSettings,
  type ResolvedCirconusSettings,
  type CirconusTokenKind,
  type CirconusPrivilege,
} from "./settings.js";
export { buildCredential, type CirconusCredential, type CirconusCredentialKind } from "./credential.js";
export { createErrorMapper, API_TOKENS_PAGE } from "./map-error.js";
export { parseCirconusErrorBody, circonusErrorBodySchema, type CirconusErrorBody } from "./schemas/error-body.js";
export {
  buildSearch,
  buildFilters,
  isCirconusSearch,
  normalizeTag,
  type SearchSpec,
  type SearchMatch,
  type SearchTermValue,
  type CirconusSearch,
  type FilterClause,
  type FilterOp,
} from "./search.js";
export { and, or, not, metricTag, buildMetricQuery, isMetricQuery, MAX_METRIC_RESULTS, type MetricQuery, type MetricTagOptions } from "./metric-query.js";
export { cidPath, cidId } from "./cid.js";
export { MORE_ITEMS_HEADER, type ListOptions } from "./paginate-list.js";
export type { DeletedAnnotation } from "./operations/annotations.js";
export { ALERT_WINDOW_DAYS, type ListAlertsOptions } from "./operations/alerts.js";
export type { SearchMetricsOptions, MetricSearchResult } from "./operations/metrics.js";
export { TAG_KEYS, DEFAULT_TAG_CONVENTIONS, tagConventionsSchema, type TagKey, type TagConventions, type TagConventionsInput } from "./conventions.js";
export { createCorrelator, type CirconusCorrelator } from "./correlator/create-correlator.js";
export { correlationTags } from "./correlator/keys.js";
export type { CirconusCorrelatorPorts, FoundList, PortOptions } from "./correlator/ports.js";
export { epochIso } from "./epoch-iso.js";
export { resourceTags, splitTag, cidType, type CirconusTaggedResource } from "./tags.js";
export { createDeepLinks, type CirconusDeepLinks } from "./deep-links.js";
export { accountSchema, type CirconusAccount } from "./schemas/account.js";
export { userSchema, type CirconusUser } from "./schemas/user.js";
export { checkBundleSchema, type CirconusCheckBundle } from "./schemas/check-bundle.js";
export { checkSchema, type CirconusCheck } from "./schemas/check.js";
export { metricSchema, type CirconusMetric } from "./schemas/metric.js";
export { alertSchema, type CirconusAlert } from "./schemas/alert.js";
export { ruleSetSchema, type CirconusRuleSet } from "./schemas/rule-set.js";
export { contactGroupSchema, type CirconusContactGroup } from "./schemas/contact-group.js";
export { graphSchema, type CirconusGraph } from "./schemas/graph.js";
export { dashboardSchema, type CirconusDashboard } from "./schemas/dashboard.js";
export { maintenanceSchema, type CirconusMaintenance } from "./schemas/maintenance.js";
export { annotationSchema, annotationInputSchema, type CirconusAnnotation, type AnnotationInput } from "./schemas/annotation.js";
export {
  alertEvents,
  alertKey,
  annotationEvent,
  annotationHasTags,
  deployMarker,
  parseDeployMarker,
  DEPLOY_MARKER_PREFIX,
} from "./service-events.js";
