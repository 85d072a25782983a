import { redactString, terminalText } from "@toolweave/demo/kit";
import { mcpWording } from "./mcp-wording.js";

/**
 * A tool's text as the model (and the person reading the client's log) gets it: the CLI's advice
 * reworded for tool calls, no secret, and no control or bidi character from tool data (a commit
 * message cannot clear a terminal or reorder a line, as in the CLI).
 */
export const toolText = (text: string): string => terminalText(redactString(mcpWording(text)));
