import { readFileSync } from "node:fs";
import type { Secret } from "@toolweave/core";
import { MIN_BEARER_TOKEN_LENGTH, readBearerToken, type BearerTokenSource } from "../bearer-token.js";

/** The variable holding the bearer token ToolJump's extension sends to `serve`. */
export const SERVE_TOKEN_VARIABLE = "TOOLWEAVE_SERVE_TOKEN";
/** Shorter tokens are refused: the token is all that guards a server reachable from other machines. */
export const MIN_SERVE_TOKEN_LENGTH = MIN_BEARER_TOKEN_LENGTH;

/** Where the serve token comes from and who gets it. */
export const SERVE_TOKEN: BearerTokenSource = {
  variable: SERVE_TOKEN_VARIABLE,
  giveTo: "ToolJump's extension as its secure token",
  howToSend: `in ToolJump's extension, set the secure token to the value of ${SERVE_TOKEN_VARIABLE}`,
};

/**
 * The serve token from the environment the CLI reads (real variables, then `./.env`):
 * `TOOLWEAVE_SERVE_TOKEN`, or the file `TOOLWEAVE_SERVE_TOKEN_FILE` names (a mounted secret), as
 * the connectors' variables. `undefined` when neither is set. The value is held as a `Secret`,
 * so it is masked wherever it could be printed.
 */
export function readServeToken(env: Record<string, string | undefined>, cwd: string, readFile: (path: string) => string = (path) => readFileSync(path, "utf8")): Secret | undefined {
  return readBearerToken(env, cwd, SERVE_TOKEN, readFile);
}
