export { CONTRACT_VERSION, type ContractVersion } from "./contract-version.js";
export { Secret, maskSecretValue, type SecretOptions } from "./secret.js";
export { redactText, redactUrl, redactExcerpt } from "./redact.js";
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
  type ErrorKind,
  type RequestSummary,
  type ToolweaveErrorOptions,
  type RateLimitedErrorOptions,
  type ConfigurationProblem,
} from "./errors.js";
