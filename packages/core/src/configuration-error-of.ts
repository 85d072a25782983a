import { ConfigurationError } from "./errors.js";

/** The `ConfigurationError` `call` throws; throws what it throws otherwise, or fails when it throws nothing. */
export function configurationErrorOf(call: () => unknown): ConfigurationError {
  try {
    call();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigurationError, but nothing was thrown");
}
