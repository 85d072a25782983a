import { describe, expect, it } from "vitest";
import { ConfigurationError } from "./errors.js";
import { readRepositoryUrl, VCS_ORIGINS } from "./read-repository-url.js";

const SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

/** One URL and the parts of its focus that matter (`attributes` and `keys` are compared whole). */
interface Row {
  url: string;
  provider: string;
  kind: string;
  id: string;
  label: string;
  focusUrl: string;
  attributes: Record<string, string | number>;
  keys?: Record<string, string>;
}

const gh = (repoPath: string, extra: Record<string, string | number> = {}) => ({
  repoPath,
  repoName: (repoPath.split("/").pop() as string).toLowerCase(),
  ...extra,
});

// URL shapes from https://docs.github.com/en/repositories/working-with-files/using-files/getting-permanent-links-to-files
const GITHUB: Row[] = [
  { url: "https://github.com/acme/checkout", provider: "github", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://github.com/acme/checkout", attributes: gh("acme/checkout"), keys: { repo: "gh/acme/checkout" } },
  { url: "https://user:s3cret-token@WWW.GitHub.COM/acme/Checkout.git/?tab=readme#top", provider: "github", kind: "repository", id: "acme/Checkout", label: "repository acme/Checkout", focusUrl: "https://github.com/acme/Checkout", attributes: gh("acme/Checkout"), keys: { repo: "gh/acme/Checkout" } },
  { url: "http://github.com/acme/checkout/issues?q=is%3Aopen", provider: "github", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://github.com/acme/checkout/issues", attributes: gh("acme/checkout"), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/settings/", provider: "github", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://github.com/acme/checkout/settings", attributes: gh("acme/checkout"), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/my%20repo", provider: "github", kind: "repository", id: "acme/my repo", label: "repository acme/my repo", focusUrl: "https://github.com/acme/my%20repo", attributes: gh("acme/my repo"), keys: {} },
  { url: `https://github.com/acme/checkout/commit/${SHA}#diff-1`, provider: "github", kind: "commit", id: SHA, label: "commit 1a2b3c4 of acme/checkout", focusUrl: `https://github.com/acme/checkout/commit/${SHA}`, attributes: gh("acme/checkout", { sha: SHA }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/commit/1A2B3C4", provider: "github", kind: "commit", id: "1a2b3c4", label: "commit 1a2b3c4 of acme/checkout", focusUrl: "https://github.com/acme/checkout/commit/1A2B3C4", attributes: gh("acme/checkout", { sha: "1a2b3c4" }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/tree/feature/x", provider: "github", kind: "branch", id: "feature/x", label: "branch feature/x of acme/checkout", focusUrl: "https://github.com/acme/checkout/tree/feature/x", attributes: gh("acme/checkout", { branch: "feature/x" }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/tree/feature%2Fcaf%C3%A9/", provider: "github", kind: "branch", id: "feature/café", label: "branch feature/café of acme/checkout", focusUrl: "https://github.com/acme/checkout/tree/feature%2Fcaf%C3%A9", attributes: gh("acme/checkout", { branch: "feature/café" }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/commits/main", provider: "github", kind: "branch", id: "main", label: "branch main of acme/checkout", focusUrl: "https://github.com/acme/checkout/commits/main", attributes: gh("acme/checkout", { branch: "main" }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/blob/main/src/index.ts#L10-L20", provider: "github", kind: "branch", id: "main", label: "branch main of acme/checkout", focusUrl: "https://github.com/acme/checkout/blob/main/src/index.ts", attributes: gh("acme/checkout", { branch: "main" }), keys: { repo: "gh/acme/checkout" } },
  { url: `https://github.com/acme/checkout/blob/${SHA}/README.md`, provider: "github", kind: "commit", id: SHA, label: "commit 1a2b3c4 of acme/checkout", focusUrl: `https://github.com/acme/checkout/blob/${SHA}/README.md`, attributes: gh("acme/checkout", { sha: SHA }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/pull/42", provider: "github", kind: "pull-request", id: "42", label: "pull request #42 of acme/checkout", focusUrl: "https://github.com/acme/checkout/pull/42", attributes: gh("acme/checkout", { pullRequest: 42 }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/pull/42/files?diff=split", provider: "github", kind: "pull-request", id: "42", label: "pull request #42 of acme/checkout", focusUrl: "https://github.com/acme/checkout/pull/42/files", attributes: gh("acme/checkout", { pullRequest: 42 }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/pulls", provider: "github", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://github.com/acme/checkout/pulls", attributes: gh("acme/checkout"), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/actions/runs/9876543210", provider: "github", kind: "actions-run", id: "9876543210", label: "Actions run 9876543210 of acme/checkout", focusUrl: "https://github.com/acme/checkout/actions/runs/9876543210", attributes: gh("acme/checkout", { runId: "9876543210" }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/actions/runs/9876543210/job/27000000001", provider: "github", kind: "actions-run", id: "9876543210", label: "job 27000000001 of Actions run 9876543210 of acme/checkout", focusUrl: "https://github.com/acme/checkout/actions/runs/9876543210/job/27000000001", attributes: gh("acme/checkout", { runId: "9876543210", jobId: "27000000001" }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/actions/runs/9876543210/attempts/2", provider: "github", kind: "actions-run", id: "9876543210", label: "Actions run 9876543210 of acme/checkout", focusUrl: "https://github.com/acme/checkout/actions/runs/9876543210/attempts/2", attributes: gh("acme/checkout", { runId: "9876543210", attempt: 2 }), keys: { repo: "gh/acme/checkout" } },
  { url: "https://github.com/acme/checkout/actions", provider: "github", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://github.com/acme/checkout/actions", attributes: gh("acme/checkout"), keys: { repo: "gh/acme/checkout" } },
];

// URL shapes from https://docs.gitlab.com/ee/development/routing.html#project-routes
const GITLAB: Row[] = [
  { url: "https://gitlab.com/acme/checkout", provider: "gitlab", kind: "repository", id: "acme/checkout", label: "project acme/checkout", focusUrl: "https://gitlab.com/acme/checkout", attributes: gh("acme/checkout"), keys: {} },
  { url: "https://gitlab.com/group/sub/Project.git/", provider: "gitlab", kind: "repository", id: "group/sub/Project", label: "project group/sub/Project", focusUrl: "https://gitlab.com/group/sub/Project", attributes: gh("group/sub/Project"), keys: {} },
  { url: `https://gitlab.com/group/sub/project/-/commit/${SHA}?view=parallel`, provider: "gitlab", kind: "commit", id: SHA, label: "commit 1a2b3c4 of group/sub/project", focusUrl: `https://gitlab.com/group/sub/project/-/commit/${SHA}`, attributes: gh("group/sub/project", { sha: SHA }), keys: {} },
  { url: "https://gitlab.com/group/sub/project/-/merge_requests/7/diffs", provider: "gitlab", kind: "pull-request", id: "7", label: "merge request !7 of group/sub/project", focusUrl: "https://gitlab.com/group/sub/project/-/merge_requests/7/diffs", attributes: gh("group/sub/project", { pullRequest: 7 }), keys: {} },
  { url: "https://gitlab.com/group/project/-/tree/release/1.2", provider: "gitlab", kind: "branch", id: "release/1.2", label: "branch release/1.2 of group/project", focusUrl: "https://gitlab.com/group/project/-/tree/release/1.2", attributes: gh("group/project", { branch: "release/1.2" }), keys: {} },
  { url: "https://gitlab.com/group/project/-/blob/main/.gitlab-ci.yml", provider: "gitlab", kind: "branch", id: "main", label: "branch main of group/project", focusUrl: "https://gitlab.com/group/project/-/blob/main/.gitlab-ci.yml", attributes: gh("group/project", { branch: "main" }), keys: {} },
  { url: "https://gitlab.com/group/project/-/pipelines/123456", provider: "gitlab", kind: "repository", id: "group/project", label: "project group/project", focusUrl: "https://gitlab.com/group/project/-/pipelines/123456", attributes: gh("group/project"), keys: {} },
];

// URL shapes from https://developer.atlassian.com/cloud/bitbucket/rest/api-group-pullrequests/ (`links.html`)
const BITBUCKET: Row[] = [
  { url: "https://bitbucket.org/acme/checkout/", provider: "bitbucket", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://bitbucket.org/acme/checkout", attributes: gh("acme/checkout"), keys: { repo: "bb/acme/checkout" } },
  { url: `https://bitbucket.org/acme/checkout/commits/${SHA}`, provider: "bitbucket", kind: "commit", id: SHA, label: "commit 1a2b3c4 of acme/checkout", focusUrl: `https://bitbucket.org/acme/checkout/commits/${SHA}`, attributes: gh("acme/checkout", { sha: SHA }), keys: { repo: "bb/acme/checkout" } },
  { url: "https://bitbucket.org/acme/checkout/pull-requests/3/overview", provider: "bitbucket", kind: "pull-request", id: "3", label: "pull request #3 of acme/checkout", focusUrl: "https://bitbucket.org/acme/checkout/pull-requests/3/overview", attributes: gh("acme/checkout", { pullRequest: 3 }), keys: { repo: "bb/acme/checkout" } },
  { url: "https://bitbucket.org/acme/checkout/branch/feature/x", provider: "bitbucket", kind: "branch", id: "feature/x", label: "branch feature/x of acme/checkout", focusUrl: "https://bitbucket.org/acme/checkout/branch/feature/x", attributes: gh("acme/checkout", { branch: "feature/x" }), keys: { repo: "bb/acme/checkout" } },
  { url: "https://bitbucket.org/acme/checkout/src/main/README.md?at=main", provider: "bitbucket", kind: "branch", id: "main", label: "branch main of acme/checkout", focusUrl: "https://bitbucket.org/acme/checkout/src/main/README.md", attributes: gh("acme/checkout", { branch: "main" }), keys: { repo: "bb/acme/checkout" } },
  { url: "https://bitbucket.org/acme/checkout/pipelines", provider: "bitbucket", kind: "repository", id: "acme/checkout", label: "repository acme/checkout", focusUrl: "https://bitbucket.org/acme/checkout/pipelines", attributes: gh("acme/checkout"), keys: { repo: "bb/acme/checkout" } },
];

describe("readRepositoryUrl", () => {
  it.each([...GITHUB, ...GITLAB, ...BITBUCKET])("reads $url", (row) => {
    expect(readRepositoryUrl(new URL(row.url))).toEqual({
      ok: true,
      incomplete: [],
      focus: { provider: row.provider, kind: row.kind, id: row.id, label: row.label, url: row.focusUrl, attributes: row.attributes, keys: row.keys ?? {} },
    });
  });

  it.each([
    ["https://github.com/", "home page", "/pull/<n>"],
    ["https://github.com/acme", "owner page", "/actions/runs/<id>"],
    ["https://github.com/settings/profile", "own pages", "/tree/<branch>"],
    ["https://github.com/orgs/acme/repositories", "own pages", "/commit/<sha>"],
    ["https://github.com/Marketplace", "own pages", "/pull/<n>"],
    ["https://github.com/acme/checkout/tree/%E0%A4%A", "malformed percent-encoded", "/tree/<branch>"],
    ["https://gitlab.com/acme", "group or user page", "/-/merge_requests/<n>"],
    ["https://gitlab.com/acme/-/epics/1", "group or user page", "subgroups"],
    ["https://gitlab.com/explore/projects", "own pages", "/-/commit/<sha>"],
    ["https://bitbucket.org/acme", "workspace page", "/pull-requests/<n>"],
    ["https://bitbucket.org/account/settings/", "own pages", "/branch/<name>"],
  ])("says why %s is not read and which pages are", (url, why, names) => {
    const reading = readRepositoryUrl(new URL(url));
    expect(reading?.ok).toBe(false);
    if (reading?.ok !== false) return;
    expect(reading.reason).toContain(why);
    expect(reading.reason).toContain(names);
  });

  it("never echoes credentials, query or fragment", () => {
    for (const url of ["https://me:hunter2@github.com/acme?token=hunter2#hunter2", "https://me:hunter2@github.com/acme/checkout?token=hunter2#hunter2"]) {
      expect(JSON.stringify(readRepositoryUrl(new URL(url)))).not.toContain("hunter2");
    }
  });

  it("reads lone surrogates and odd bytes without throwing", () => {
    const reading = readRepositoryUrl(new URL("https://github.com/acme/checkout/tree/\uD800x"));
    expect(reading).toMatchObject({ ok: true, focus: { kind: "branch", id: "\uFFFDx" } });
    expect(() => readRepositoryUrl(new URL("https://github.com/%ED%A0%80/repo"))).not.toThrow();
  });

  it("leaves other hosts and schemes to connectors", () => {
    for (const url of ["https://app.circleci.com/pipelines/gh/acme/checkout/1", "https://gist.github.com/acme/abc", "https://github.example.com/acme/checkout", "ssh://git@github.com/acme/checkout.git", "https://notgithub.com/acme/checkout"]) {
      expect(readRepositoryUrl(new URL(url)), url).toBeUndefined();
    }
  });

  it("reads extra hostnames (GitHub Enterprise) and keeps their scheme and port", () => {
    const hosts = { github: ["github.example.com"], gitlab: ["GitLab.Example.com"] };
    expect(readRepositoryUrl(new URL("http://github.example.com:8080/acme/checkout/pull/5"), { hosts })).toMatchObject({
      ok: true,
      focus: { provider: "github", kind: "pull-request", id: "5", url: "http://github.example.com:8080/acme/checkout/pull/5", keys: { repo: "gh/acme/checkout" } },
    });
    expect(readRepositoryUrl(new URL("https://gitlab.example.com/a/b/c/-/commit/abc1234"), { hosts })).toMatchObject({ ok: true, focus: { provider: "gitlab", kind: "commit", id: "abc1234" } });
  });

  it("refuses an extra host that is not a bare hostname, without echoing it", () => {
    for (const bad of ["https://github.example.com", "me:tok3n@github.example.com", "github.example.com/path", "github.example.com:8443", ""]) {
      let thrown: unknown;
      try {
        readRepositoryUrl(new URL("https://github.com/acme/checkout"), { hosts: { bitbucket: [bad] } });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, bad).toBeInstanceOf(ConfigurationError);
      expect(String(thrown)).toContain("hosts.bitbucket[0]");
      expect(String(thrown)).not.toContain("tok3n");
    }
  });

  it("keeps the three default origins", () => {
    expect(VCS_ORIGINS).toEqual(["https://github.com", "https://gitlab.com", "https://bitbucket.org"]);
  });
});
