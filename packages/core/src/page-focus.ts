import type { CallMemo } from "./call-memo.js";
import type { CorrelationKeys } from "./correlation-keys.js";
import type { IncompletePart } from "./incomplete-part.js";

/**
 * What a web page shows, as read from its URL.
 * - VCS hosts (read by core): `repository`, `commit`, `pull-request`, `branch`, `actions-run`;
 * - CI (CircleCI): `project`, `pipeline`, `workflow`, `job`;
 * - monitoring (Circonus): `alert`, `check`, `check-bundle`, `graph`, `rule-set`.
 */
export type PageKind =
  | "repository"
  | "commit"
  | "pull-request"
  | "branch"
  | "actions-run"
  | "project"
  | "pipeline"
  | "workflow"
  | "job"
  | "alert"
  | "check"
  | "check-bundle"
  | "graph"
  | "rule-set";

/** The thing a page is about: "this pipeline", "this alert", "this commit". */
export interface PageFocus {
  /** Who reads the page: a connector id (`circleci`, `circonus`) or a VCS host (`github`, `gitlab`, `bitbucket`). */
  provider: string;
  kind: PageKind;
  /**
   * The tool's own id of the focused resource, as text: a pipeline number, a workflow UUID, a
   * job number, an alert id, a commit SHA, a pull request number, a branch name, an Actions run
   * id, a repository path (`acme/checkout`).
   */
  id: string;
  /** One line a person reads, e.g. `pipeline #123 of gh/acme/checkout`. */
  label: string;
  /** The page's URL without query string, fragment or credentials. */
  url: string;
  /**
   * Correlation keys the page says: from the URL itself (the project slug as `repo`) and, when
   * the reader looked the resource up, from the resource (a pipeline's `service` parameter, an
   * alert's `service:`/`env:` tags, a deploy workflow's name).
   */
  keys: Partial<CorrelationKeys>;
  /**
   * Facts about the focus that insights use: `sha` (a commit page or a pipeline's revision),
   * `branch`, `pipelineNumber`, `workflowId`, `jobNumber`, `at` (ISO time: when a pipeline was
   * created or an alert opened), `repoName` (the repository's last path segment), `eventId` (the
   * id, or id prefix before `:`, of the `ServiceEvent`s the resource gives on a timeline, e.g. an
   * alert's `/alert/123`). All optional.
   */
  attributes: Readonly<Record<string, string | number>>;
}

/** What {@link PageReader.read} answers for a URL on its host. */
export type PageReading =
  | {
      ok: true;
      focus: PageFocus;
      /** Lookups made to learn more than the URL says (a pipeline's parameters, an alert's tags) that failed: the focus then holds what the URL said. */
      incomplete: IncompletePart[];
    }
  | {
      ok: false;
      /** Why this URL on the tool's host is not a page toolweave reads, in a sentence that names the pages it does read. */
      reason: string;
    };

/** Options of a {@link PageReader}'s calls. */
export interface PageReadOptions {
  signal?: AbortSignal;
  /** Shared by every call made for one answer (see {@link CallMemo}). */
  memo?: CallMemo;
}

/**
 * How a connector reads URLs of its own web app (declared beside its deep links, their inverse).
 * Optional on a `Correlator`: a connector without one reads no pages.
 */
export interface PageReader {
  /**
   * The origins of the tool's web app, e.g. `["https://app.circleci.com"]` or a CircleCI Server
   * host; a connector that learns its UI host from the API (Circonus) may call it once.
   * Never rejects: a host it cannot learn is simply not listed.
   */
  origins(options?: PageReadOptions): Promise<string[]>;
  /**
   * Reads one URL: `undefined` when it is not on this tool's web app; `{ ok: false, reason }`
   * when it is, but not on a page toolweave reads; else the focus. May look the resource up to
   * learn its correlation keys; a failed lookup goes into `incomplete`, never rejects.
   */
  read(url: URL, options?: PageReadOptions): Promise<PageReading | undefined>;
}

/** The latest build of a service's default branch, as a CI connector reports it (see `Correlator.latestBuild`). */
export interface LatestBuild {
  provider: string;
  /** The tool's id of the build (a pipeline id). */
  id: string;
  /** One line a person reads, e.g. `pipeline #412 on main`. */
  label: string;
  /** `success`, `failed`, `running`, `on_hold`, `canceled`, `errored`, `no-workflows` or `unknown`. */
  outcome: string;
  branch: string;
  /** ISO 8601 UTC: when the build was created. */
  at: string;
  url?: string;
  sha?: string;
}

/** What `Correlator.latestBuild` answers: the build (or `null` when the branch has none) and what could not be read. */
export interface LatestBuildResult {
  build: LatestBuild | null;
  incomplete: IncompletePart[];
}
