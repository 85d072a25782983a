/**
 * A fix worded for a library user ("run verify again") said the way a user of this CLI or its
 * page acts: `doctor` is the CLI's verify.
 */
export const forCli = (text: string): string =>
  text
    .replace(/\brun verify\b/g, "run `toolweave-demo doctor`")
    .replace(/\bverify\(\)/g, "`toolweave-demo doctor`")
    // The page limit (core's pagination): a CLI user raises it with --max-pages; toArray({ limit }) is library-only.
    .replace(/\bRaise maxPages\b/g, "Rerun with a higher --max-pages (default 1000)")
    .replace(/;? ?use toArray\(\{ limit \}\) to take only the first items\.?/g, ".")
    .replace(/\.\.$/, ".");
