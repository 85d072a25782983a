/**
 * A fix worded for a library user ("run verify again") said the way a user of this CLI or its
 * page acts: `doctor` is the CLI's verify.
 */
export const forCli = (text: string): string => text.replace(/\brun verify\b/g, "run `toolweave-demo doctor`").replace(/\bverify\(\)/g, "`toolweave-demo doctor`");
