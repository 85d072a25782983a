import { incompletePart, mapConcurrent, type CallMemo, type IncompletePart } from "@toolweave/core";
import { envOf, envValue } from "./env-of.js";
import type { OperationContext } from "./operation-context.js";
import { listPipelines } from "./operations/pipelines.js";
import { listPipelineWorkflows } from "./operations/workflows.js";
import { truncatedError } from "./paginate-list.js";
import type { ProjectSlug } from "./project-slug.js";
import type { Pipeline } from "./schemas/pipeline.js";
import type { Workflow } from "./schemas/workflow.js";
import { withCallMemo } from "./with-call-memo.js";

/** Workflow lists read at once; also the size of a chunk, so a cut-off learnt from one chunk spares the next. */
export const WALK_CONCURRENCY = 4;

/** One pipeline's workflows as read: all of them, or what was read with the error that stopped the read. */
interface WorkflowRead {
  workflows: Workflow[];
  /** Why the list is missing or short: the request failed, or CircleCI cut the list short. */
  error?: unknown;
}

/** What one walk over a project's pipelines covers: the project, branch, env, bounds and the answer's memo. */
export interface WalkPipelinesOptions {
  /** The project; listed with this slug (never one the API echoes). */
  project: ProjectSlug;
  /** Only pipelines of this branch (the list's own filter). */
  branch?: string;
  /** Upper bound (epoch ms): pipelines created after it are passed over, neither counted nor read. */
  createdUntil?: number;
  /**
   * The cut-off (epoch ms): the walk ends at the first pipeline created before it. A function
   * is asked again before every chunk, for a cut-off that moves as the caller learns (it may
   * only move forward). None: no cut-off.
   */
  cutoff?: number | (() => number);
  /** Pipelines walked at most (those the env filter passes over included). */
  maxPipelines: number;
  /**
   * When true the walk is about the newest `maxPipelines` pipelines, no more: it ends on the
   * last of them without looking further, and the limit is not a gap.
   */
  newestOnly?: boolean;
  /** Only pipelines whose env (`trigger_parameters.env`, trimmed and lower-cased) equals this one, compared the same way, have their workflows read. */
  env?: string;
  /** Besides the env filter, which walked pipelines have their workflows read (`index`: 0 for the newest walked). Default: all. */
  shouldRead?: (pipeline: Pipeline, index: number) => boolean;
  /**
   * Shared by every call made for one answer: a pipeline page or a pipeline's workflows that
   * another walk of the answer read (or failed to read) is not read again. A walk without one
   * still reads each pipeline once.
   */
  memo?: CallMemo;
  /** Cancels the walk; it then rejects with `AbortedError`. */
  signal?: AbortSignal;
}

/** One walked pipeline, handed to the caller's fold newest first. */
export interface WalkStep {
  pipeline: Pipeline;
  /** Position among the walked pipelines, 0 for the newest. */
  index: number;
  /**
   * Its workflows; `undefined` when they were not to be read (env filter, `shouldRead`). A
   * failed or cut-short read gives what was read (possibly nothing) and a `workflows` gap.
   */
  workflows: Workflow[] | undefined;
}

/** What a walk could not look at; the caller words each into an `IncompletePart`. */
export type WalkGap =
  /** A pipeline whose workflows could not be read, or whose workflow list was cut short. */
  | { kind: "workflows"; pipeline: Pipeline; error: unknown }
  /** CircleCI cut the pipeline list short (404 for a later page token) before the walk ended. */
  | { kind: "list-truncated"; error: unknown }
  /** A later page of the pipeline list failed (the first failing rejects the walk: nothing was read). */
  | { kind: "list-failed"; error: unknown }
  /** `maxPipelines` was reached before the cut-off, with older pipelines left in the list. */
  | { kind: "limit" };

/** How a walk ended and what it could not look at. */
export interface WalkSummary {
  /** Pipelines walked (within the bounds), those the env filter passed over included. */
  scanned: number;
  /** Why the walk ended: at the cut-off, at `maxPipelines`, or at the end of the list (read to its end, cut short or failed). */
  stop: "cutoff" | "limit" | "end";
  /** In the order met: `workflows` gaps first, then at most one of the others. */
  gaps: WalkGap[];
}

const time = (iso: string) => Date.parse(iso);

/**
 * Walks a project's pipelines newest first (CircleCI lists them so) and reads their workflows,
 * folding each walked pipeline into `visit`:
 *
 * - pipelines created after `createdUntil` are passed over; the walk ends at the first one
 *   created before the cut-off, or once `maxPipelines` were walked and another one follows;
 *   a pipeline whose `created_at` cannot be read is never taken for one outside the bounds;
 * - workflows are read only for pipelines of `env` (see {@link envOf}) that `shouldRead`
 *   accepts, {@link WALK_CONCURRENCY} at a time, chunk by chunk: the cut-off is asked again
 *   before each chunk, and `visit` has seen every pipeline of a chunk before the next starts;
 * - a pipeline listed twice (the list shifted between pages) is walked once, so its
 *   workflows are read once; with a `memo`, no list page and no pipeline's workflows are read
 *   twice across the walks of one answer either.
 *
 * Whatever it could not look at is in `gaps`: a pipeline whose workflows failed or were cut
 * short, the list cut short or failing after some pages, the limit reached before the cut-off.
 * It rejects when the first page of pipelines fails (nothing was read) and when cancelled.
 */
export async function walkPipelines(context: OperationContext, options: WalkPipelinesOptions, visit: (step: WalkStep) => void): Promise<WalkSummary> {
  const { signal } = options;
  const ctx = withCallMemo(context, options.memo);
  const env = envValue(options.env);
  const fixed = options.cutoff;
  const cutoff = typeof fixed === "function" ? fixed : () => fixed ?? Number.NEGATIVE_INFINITY;
  const until = options.createdUntil ?? Number.POSITIVE_INFINITY;
  const walked = new Set<string>();
  const gaps: WalkGap[] = [];
  let scanned = 0;
  let stop: WalkSummary["stop"] | undefined;

  const list = listPipelines(ctx, options.project, { ...(options.branch ? { branch: options.branch } : {}), ...(signal ? { signal } : {}) });
  const pages = list.pages()[Symbol.asyncIterator]();
  let pagesRead = 0;
  try {
    while (stop === undefined) {
      let next: IteratorResult<readonly Pipeline[]>;
      try {
        next = await pages.next();
      } catch (error) {
        // Nothing read at all: there is nothing to report, so the failure is the answer.
        if (pagesRead === 0 || signal?.aborted) throw error;
        gaps.push({ kind: "list-failed", error });
        stop = "end";
        break;
      }
      if (next.done) {
        if (list.truncated) gaps.push({ kind: "list-truncated", error: truncatedError(list.truncated.reason) });
        stop = "end";
        break;
      }
      pagesRead += 1;
      const page = next.value;
      let i = 0;
      while (i < page.length && stop === undefined) {
        const bound = cutoff();
        const chunk: { pipeline: Pipeline; index: number; read: boolean }[] = [];
        let reads = 0;
        for (; i < page.length && reads < WALK_CONCURRENCY && stop === undefined; i++) {
          const p = page[i]!;
          if (walked.has(p.id)) continue;
          const created = time(p.created_at);
          if (created > until) continue; // its workflows start after the window
          if (created < bound) stop = "cutoff";
          else if (scanned >= options.maxPipelines) stop = "limit";
          if (stop) break;
          walked.add(p.id);
          const index = scanned++;
          const read = (env === undefined || envOf(p) === env) && (options.shouldRead?.(p, index) ?? true);
          if (read) reads += 1;
          chunk.push({ pipeline: p, index, read });
          if (options.newestOnly && scanned >= options.maxPipelines) stop = "limit"; // no need to see what follows
        }
        const toRead = chunk.filter((c) => c.read);
        const results = await mapConcurrent(toRead, WALK_CONCURRENCY, (c) => readWorkflows(ctx, c.pipeline, signal));
        const byId = new Map(toRead.map((c, n) => [c.pipeline.id, results[n]!]));
        for (const { pipeline, index } of chunk) {
          const result = byId.get(pipeline.id);
          if (result?.error !== undefined) gaps.push({ kind: "workflows", pipeline, error: result.error });
          visit({ pipeline, index, workflows: result ? [...result.workflows] : undefined });
        }
      }
    }
  } finally {
    await pages.return?.();
  }
  if (stop === "limit" && !options.newestOnly) gaps.push({ kind: "limit" });
  return { scanned, stop: stop ?? "end", gaps };
}

async function readWorkflows(ctx: OperationContext, p: Pipeline, signal: AbortSignal | undefined): Promise<WorkflowRead> {
  const list = listPipelineWorkflows(ctx, p.id, signal ? { signal } : {});
  try {
    const workflows = await list.toArray();
    return list.truncated ? { workflows, error: truncatedError(list.truncated.reason) } : { workflows };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { workflows: [], error };
  }
}

/** How a caller words its gaps; a `workflows` lookup of `undefined` drops that gap (it could not change the answer). */
export interface GapWords {
  workflows(pipeline: Pipeline): string | undefined;
  /** The pipeline list cut short or failing after `scanned` pipelines. */
  list(scanned: number): string;
  /** `maxPipelines` reached before the cut-off; `undefined`: not a gap for this caller. */
  limit?(): IncompletePart | undefined;
}

/** The gaps of a walk as `IncompletePart`s, in the walk's order. */
export function gapParts(summary: WalkSummary, words: GapWords): IncompletePart[] {
  const parts: IncompletePart[] = [];
  for (const gap of summary.gaps) {
    if (gap.kind === "workflows") {
      const lookup = words.workflows(gap.pipeline);
      if (lookup !== undefined) parts.push(incompletePart(lookup, gap.error));
    } else if (gap.kind === "limit") {
      const part = words.limit?.();
      if (part) parts.push(part);
    } else {
      parts.push(incompletePart(words.list(summary.scanned), gap.error));
    }
  }
  return parts;
}

/** The pipeline list of a project, as the deploy helpers' lookups name it (`limitPart` adds "beyond the first N"). */
export const pipelinesLookup = (slug: ProjectSlug) => `pipelines of ${slug.slug}`;

/** The lookup the deploy helpers name the rest of a pipeline list with. */
export const olderPipelinesLookup = (slug: ProjectSlug, scanned: number) => `${pipelinesLookup(slug)} older than the ${scanned} read`;
