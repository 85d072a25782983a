/** The first 7 characters of a commit SHA, as CircleCI and GitHub show it; `no commit` when there is none. */
export const shortSha = (sha: string | null | undefined): string => (sha ? sha.slice(0, 7) : "no commit");
