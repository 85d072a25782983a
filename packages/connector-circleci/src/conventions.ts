import { namingTemplate, type NamingTemplate } from "@toolweave/core";
import type { ResolvedCircleCISettings } from "./settings.js";

/** The naming conventions in force: context, build-workflow and deploy-workflow templates. */
export interface CircleCIConventions {
  context: NamingTemplate;
  buildWorkflow: NamingTemplate;
  deployWorkflow: NamingTemplate;
  /** Pipeline parameter names that carry correlation keys. */
  parameters: readonly ["service", "env", "component"];
}

/**
 * Compiles the convention templates from resolved settings.
 * @throws ConfigurationError when a template is not a valid naming template.
 */
export function createConventions(templates: ResolvedCircleCISettings["conventions"]): CircleCIConventions {
  return {
    context: namingTemplate(templates.context),
    buildWorkflow: namingTemplate(templates.buildWorkflow),
    deployWorkflow: namingTemplate(templates.deployWorkflow),
    parameters: ["service", "env", "component"],
  };
}
