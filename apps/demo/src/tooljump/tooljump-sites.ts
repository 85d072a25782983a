import { VCS_ORIGINS } from "@toolweave/core";

/** The sites toolweave reads pages of, as ToolJump's extension groups them. */
export interface ToolJumpSites {
  /** Origins the extension's `github` adapter runs on. */
  github: string[];
  /** Every other origin toolweave reads (GitLab, Bitbucket, the CircleCI and Circonus web apps): the `generic` adapter's. */
  generic: string[];
  /**
   * The `generic` origins the extension can be allowed on: its settings list each with a
   * switch that asks Chrome for the site (only `https:` sites can be granted).
   */
  customDomains: string[];
  /** Every origin whose pages may call `/context` from the browser (CORS). */
  allowed: ReadonlySet<string>;
}

const GITHUB = "https://github.com";

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Groups the page origins of the connectors (`PageReader.origins()`: the CircleCI web app or a
 * CircleCI Server host, the Circonus account's UI host) with the VCS hosts core reads.
 */
export function toolJumpSites(pageOrigins: readonly string[]): ToolJumpSites {
  const all = new Set<string>();
  for (const value of [...VCS_ORIGINS, ...pageOrigins]) {
    const origin = originOf(value);
    if (origin) all.add(origin);
  }
  const github = [...all].filter((o) => o === GITHUB);
  const generic = [...all].filter((o) => o !== GITHUB).sort();
  return { github, generic, customDomains: generic.filter((o) => o.startsWith("https://")), allowed: all };
}
