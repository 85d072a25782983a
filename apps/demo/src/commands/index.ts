import { defineCommand, type AnyCommand } from "../command.js";
import * as annotate from "./annotate.js";
import * as audit from "./audit.js";
import * as context from "./context.js";
import * as delivery from "./delivery.js";
import * as doctor from "./doctor.js";
import * as serve from "./serve.js";
import * as services from "./services.js";
import * as simulate from "./simulate.js";
import * as status from "./status.js";
import * as timeline from "./timeline.js";

/**
 * The demo's commands, in the order `--help` lists them. Each module is one command
 * (`name`, `summary`, `positionals`, `flags`, `run`, `render`, `output`, `envelope`,
 * `exitCode`; see command.ts); adding a command is a module and a line here.
 */
export const COMMANDS: readonly AnyCommand[] = [
  defineCommand(status),
  defineCommand(timeline),
  defineCommand(delivery),
  defineCommand(context),
  defineCommand(annotate),
  defineCommand(doctor),
  defineCommand(audit),
  defineCommand(services),
  defineCommand(simulate),
  defineCommand(serve),
];
