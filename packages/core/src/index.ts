export { CONTRACT_VERSION, type ContractVersion } from "./contract-version.js";
export { CORE_VERSION } from "./version.js";
export { Secret, maskSecretValue, type SecretOptions } from "./secret.js";
export { redactText, redactUrl, redactExcerpt, isSensitiveParameter } from "./redact.js";
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
export type { ResourceRef, Locator, AuditFinding, AuditSeverity, Correlator, FindResult, IncompletePart, IncompleteError } from "./correlator.js";
export { incompletePart, summarizeError } from "./incomplete-part.js";
export {
  assessRotation,
  type Credential,
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
  buildVerifyReport,
  credentialSummary,
  failedCheck,
  rotationCheck,
  verifyOk,
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
export { runtimeSettingsShape, pickRuntimeSettings, RUNTIME_SETTING_KEYS, type RuntimeSettings } from "./runtime-settings.js";
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
export { createThrottle, type Throttle } from "./http/throttle.js";
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
export { createHub, lookBackWindows, toToolweaveError, groupFindingsByService, type Hub, type HubOptions, type ConnectorResult, type TimelineOptions } from "./hub.js";
export {
  compareEvents,
  mergeEvents,
  overlapsWindow,
  findSuspects,
  DEFAULT_SUSPECT_WINDOW_MS,
  SERVICE_EVENT_KINDS,
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
export { eventsTruthViolations, type EventsTruth, type TruthEvent } from "./events-truth.js";
export { mapConcurrent } from "./map-concurrent.js";
export { lazySchema } from "./lazy-schema.js";
