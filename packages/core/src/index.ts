export { CONTRACT_VERSION, type ContractVersion } from "./contract-version.js";
export { CORE_VERSION } from "./version.js";
export { Secret, maskSecretValue, type SecretOptions } from "./secret.js";
export { redactText, redactUrl, redactExcerpt, isSensitiveParameter } from "./redact.js";
export { mentionsSecret } from "./mentions-secret.js";
export {
  ToolweaveError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  NetworkError,
  InvalidResponseError,
  InvalidInputError,
  ConfigurationError,
  ServiceError,
  RedirectError,
  PaginationLimitError,
  AbortedError,
  redactedCause,
  type ErrorKind,
  type RequestSummary,
  type ToolweaveErrorOptions,
  type RateLimitedErrorOptions,
  type ConfigurationProblem,
} from "./errors.js";
export {
  correlationKeysSchema,
  normalizeKeys,
  CORRELATION_KEY_NAMES,
  NAME_PATTERN,
  ENV_PATTERN,
  REPO_PATTERN,
  type CorrelationKeys,
  type CorrelationKeysInput,
  type CorrelationKeyName,
} from "./correlation-keys.js";
export { namingTemplate, type NamingTemplate, type TemplateKey } from "./naming-template.js";
export type { ResourceRef, Locator, AuditFinding, AuditSeverity, Correlator, FindOptions, FindResult } from "./correlator.js";
export { cutShortPart, incompletePart, limitPart, summarizeError, type IncompletePart, type IncompleteError } from "./incomplete-part.js";
export { incompleteLookups, type IncompleteLookups } from "./incomplete-lookups.js";
export { createCallMemo, isCallMemo, memoize, memoizedGets, type CallMemo, type MemoizeOptions } from "./call-memo.js";
export {
  assessRotation,
  tokenCredential,
  type Credential,
  type TokenSettings,
  type RotationPolicy,
  type RotationStatus,
  type RotationAssessment,
} from "./credential.js";
export {
  defineConnector,
  assertCompatible,
  type Connector,
  type ConnectorDescriptor,
  type EnvVarSpec,
  type VerifyCheck,
  type VerifyReport,
} from "./connector.js";
export {
  adviceCheck,
  buildVerifyReport,
  credentialSummary,
  failedCheck,
  rotationCheck,
  verifyOk,
  type CheckWords,
  type RotationCheckOptions,
  type VerifyReportInput,
} from "./verify-report.js";
export type {
  SecretsProvider,
  ResolvedConnectorSettings,
  ResolvedSettingsTuple,
  SettingsOf,
  ConnectorOf,
  VariableReport,
  ValueSource,
} from "./secrets-provider.js";
export {
  runtimeSettingsShape,
  pickRuntimeSettings,
  runtimeSettingsProblems,
  RUNTIME_SETTING_KEYS,
  RUNTIME_SETTING_BOUNDS,
  RUNTIME_SETTING_FIXES,
  type RuntimeSettings,
  type SettingBound,
} from "./runtime-settings.js";
export {
  defineSettings,
  type SettingsTable,
  type SettingsSpec,
  type SettingField,
  type SettingFields,
  type SettingEnv,
  type SettingIssue,
  type SettingValues,
  type SettingsInputOf,
} from "./define-settings.js";
export { settingSchema, checkedEnvSchema, type SettingSchema, type SettingInput, type SettingOutput, type StringSettingOptions } from "./setting-schema.js";
export { createConnectorHttpClient, type ConnectorHttpClientOptions } from "./create-connector-http-client.js";
export {
  paginate,
  paginateOffset,
  DEFAULT_MAX_EMPTY_PAGES,
  type PaginateOptions,
  type PaginateOffsetOptions,
  type PagedIterable,
  type OffsetPage,
  type Truncation,
} from "./paginate.js";
export { validateResponse, formatPath, type ValidateContext } from "./validate.js";
export { encodePath, encodePathSegment } from "./http/encode-path.js";
export { normalizeBaseUrl, checkBaseUrl, isLoopbackHost, joinUrl, type BaseUrlSetting, type BaseUrlCheck } from "./http/base-url.js";
export { tokenProblem, tokenSecret } from "./token-value.js";
export { describeReceived } from "./describe-received.js";
export { createHttpClient, HTTP_DEFAULTS } from "./http/http-client.js";
export { createConnectorRequest, type ConnectorRequestOptions, type ConnectorRequestContext } from "./http/connector-request.js";
export { parseRetryAfter, backoffDelay } from "./http/retry-after.js";
export { createThrottle, type Throttle, type PauseLimit } from "./http/throttle.js";
export { AdaptiveRate, ADAPTIVE_DEFAULTS, exhaustedFor, type AdaptiveRateSettings, type RateObservation } from "./http/adaptive-rate.js";
export { sleep } from "./http/sleep.js";
export { onAbort, untilAborted } from "./http/on-abort.js";
export { throwIfCancelled } from "./cancelled.js";
export { TtlCache, type CacheRead, type CacheBacking } from "./http/ttl-cache.js";
export { createMemoryStores } from "./http/memory-stores.js";
export { credentialFingerprint, storeScope } from "./http/credential-fingerprint.js";
export { deferredThrottle } from "./http/deferred-throttle.js";
export {
  type Stores,
  type StoreScope,
  type ThrottleStore,
  type StoreThrottleSettings,
  type CacheStore,
  type CacheSpace,
  type CacheGeneration,
  type StoredResponse,
} from "./http/stores.js";
export { vendorMessage } from "./http/default-error.js";
export type {
  HttpClient,
  HttpClientSettings,
  HttpMethod,
  HttpResponse,
  HttpHooks,
  HttpEventBase,
  HttpRequestEvent,
  HttpResponseEvent,
  HttpRetryEvent,
  HttpErrorEvent,
  HttpErrorContext,
  RequestOptions,
  Query,
  QueryValue,
  RetrySettings,
  ThrottleSettings,
  CacheSettings,
} from "./http/types.js";
export { createHub, lookBackWindows, toToolweaveError, groupFindingsByService, type Hub, type HubOptions, type ConnectorResult, type TimelineOptions, type DeliveryOptions } from "./hub.js";
export { deliveryMetrics, nearestRank } from "./delivery-metrics.js";
export {
  DEFAULT_FAILURE_WINDOW_MS,
  type DeliveryReport,
  type DeliveryMetricsOptions,
  type DeliveryRules,
  type DeliveryFigure,
  type DeliveryFailure,
  type DeliveryIncompletePart,
  type DeploymentsFigure,
  type ChangeFailureRateFigure,
  type DurationFigure,
  type RecoverySample,
  type RestoreSample,
  type DeploySample,
} from "./delivery-report.js";
export {
  compareEvents,
  mergeEvents,
  overlapsWindow,
  findSuspects,
  DEFAULT_SUSPECT_WINDOW_MS,
  SERVICE_EVENT_KINDS,
  DEPLOY_EVENT_KINDS,
  ALERT_EVENT_KINDS,
  type ServiceEvent,
  type ServiceEventKind,
  type ServiceEventCommit,
  type EventsResult,
  type EventsOptions,
  type Suspect,
  type Timeline,
  type TimelineIncompletePart,
  type FindSuspectsOptions,
} from "./service-event.js";
export { httpsUrl } from "./https-url.js";
export type { PageKind, PageFocus, PageReading, PageReader, PageReadOptions, LatestBuild, LatestBuildResult } from "./page-focus.js";
export type { CatalogService, ServiceMatchRule, UrlResolution } from "./url-resolution.js";
export type { Insight, InsightLink, InsightStatus, InsightTopic, PageInsights, PageSubject } from "./page-insights.js";
export { readRepositoryUrl, VCS_ORIGINS, type ReadRepositoryUrlOptions } from "./read-repository-url.js";
export { resolveUrl, type ResolveUrlOptions } from "./resolve-url.js";
export { decodePathSegments, pagePathUnder, type PagePath } from "./page-path.js";
export { printableText } from "./printable-text.js";
export { collectInsights, DEFAULT_INSIGHTS_LOOKBACK_MS, type InsightsOptions, type InsightSources } from "./collect-insights.js";
export { definedOnly, type DefinedOnly } from "./defined-only.js";
export { tokenLifetimeFields, tokenDatesIssue, type TokenLifetimeFields } from "./token-lifetime-fields.js";
export { deliveryTruthViolations, eventsTruthViolations, type EventsTruth, type TruthEvent } from "./events-truth.js";
export { mapConcurrent } from "./map-concurrent.js";
export { lazySchema } from "./lazy-schema.js";
