import { ConfigurationError } from "../errors.js";
import { CREDENTIAL_FIX, credentialHeaders } from "./credential-headers.js";
import type { StoreScope } from "./stores.js";

/** The default fingerprint key (public; see {@link Stores.fingerprintKey}). */
const DEFAULT_FINGERPRINT_KEY = "toolweave/credential-fingerprint/v1";

const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * A keyed hash of the credential a connector writes: HMAC-SHA256 (Web Crypto, any runtime)
 * over the header names and values `authenticate` sets, hex, first 32 characters.
 * `"anonymous"` when there is no credential. The same token always gives the same fingerprint
 * (for the same key); two tokens never share one in practice.
 */
export async function credentialFingerprint(authenticate: ((headers: Headers) => void) | undefined, key: string = DEFAULT_FINGERPRINT_KEY): Promise<string> {
  if (!authenticate) return "anonymous";
  // Recorded, not written into Headers: this runs while a client is made (see credentialHeaders).
  const written = credentialHeaders(authenticate);
  if (!written) {
    throw new ConfigurationError("The credential cannot be written into a request header (it contains a character HTTP headers do not allow).", { fix: CREDENTIAL_FIX });
  }
  const material = written.map(([name, value]) => `${name}:${value}`).sort().join("\n");
  if (material === "") return "anonymous";
  const encoder = new TextEncoder();
  const subtle = globalThis.crypto.subtle;
  const cryptoKey = await subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await subtle.sign("HMAC", cryptoKey, encoder.encode(material))).slice(0, 32);
}

/** The {@link StoreScope} of a client: provider, API origin and credential fingerprint. */
export async function storeScope(provider: string, baseUrl: URL, authenticate: ((headers: Headers) => void) | undefined, fingerprintKey?: string): Promise<StoreScope> {
  const fingerprint = await credentialFingerprint(authenticate, fingerprintKey);
  return { provider, origin: baseUrl.origin, fingerprint, id: `${provider}:${baseUrl.host}:${fingerprint}` };
}
