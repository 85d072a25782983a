/** What a `_CREATED_AT` / `_EXPIRES_AT` variable must hold, for error messages. */
export const ISO_DATE_EXPECTED = "an ISO 8601 date such as 2025-01-31 or 2025-01-31T09:30:00Z (a time needs Z or an offset like +02:00)";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses an ISO 8601 calendar date (`2025-01-31`, read as midnight UTC) or date-time with a
 * time zone (`2025-01-31T09:30:00Z`, `2025-01-31T09:30+02:00`). Returns `undefined` for anything
 * else, including impossible dates such as `2025-02-30` and times without a zone (ambiguous).
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = fraction === "" ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2025-02-30 over to March: reject dates whose day does not exist.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return new Date(utc - offsetMinutes * 60_000);
}
