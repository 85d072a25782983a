/** Debian's chromium package (`apt-get install -y chromium`): /usr/bin/chromium, else a `chromium` on PATH. */
export function findChromium(path?: string, exists?: (file: string) => boolean): string | undefined;

/** Without Chromium a browser test is skipped locally, but fails in CI (a skipped proof proves nothing); `what` names the test in the failure. */
export function browserProofPlan(chromium: string | undefined, ci: boolean, what?: string): { run: true } | { run: false; failure?: string };
