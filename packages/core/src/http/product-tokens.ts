/**
 * `name/version` words separated by single spaces, visible ASCII only: what RFC 9110 calls
 * product tokens, the shape of a `User-Agent` value. One rule for the settings schema and the
 * HTTP client.
 */
export const PRODUCT_TOKENS = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** Longest `userAgent` setting accepted. */
export const MAX_USER_AGENT_LENGTH = 200;
