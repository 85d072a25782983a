// What the README's later snippets assume from earlier ones: a client and a few ids.
import type { CircleCIClient, ProjectSlug } from "@toolweave/connector-circleci";
declare const circleci: CircleCIClient;
declare const pipelineId: string;
declare const workflowId: string;
declare const contextId: string;
declare const slug: ProjectSlug;
declare const since: Date;
declare const until: Date;
