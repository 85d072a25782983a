/**
 * An `https:` URL a server returned (e.g. an alert's `_alert_url`), when it is one; anything
 * else gives `undefined`, so a caller leaves the link out instead of linking to a bad value.
 */
export function httpsUrl(value: unknown): string | undefined {
  return typeof value === "string" && /^https:\/\/\S+$/.test(value) && URL.canParse(value) ? value : undefined;
}
