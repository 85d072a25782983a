import { ConfigurationError } from "@toolweave/core";
import { nodeBuiltin } from "./node-builtins.js";
import { describeReadFailure, isNoFileAccess, type ReadTextFile } from "./read-text-file.js";

export interface LoadedDotenv {
  /** Absolute path of the file. */
  path: string;
  /** Parsed variables; `undefined` when `dotenv: true` and there is no `./.env`. */
  values: Record<string, string | undefined> | undefined;
}

/**
 * Loads a `.env` file into a separate record with Node's `util.parseEnv` (the parser behind
 * `process.loadEnvFile`); `process.env` is never touched. `true` means `./.env` in the current
 * directory and is skipped when that file does not exist; an explicit path must be readable.
 * Where the runtime has no files (a browser, a Worker), asking for `.env` is a
 * `ConfigurationError`.
 */
export function loadDotenv(option: string | boolean | undefined, readFile: ReadTextFile): LoadedDotenv | undefined {
  if (option === undefined || option === false) return undefined;
  const given = option === true ? ".env" : option;
  const path = nodeBuiltin("node:path")?.resolve(given) ?? given;
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    if (isNoFileAccess(error)) {
      throw new ConfigurationError(`Cannot read the .env file ${path}: this runtime cannot read files (no node:fs, as in a browser or a Worker).`, {
        fix: "Pass the variables as the `env` option and leave `dotenv` out (or pass a readFile option).",
      });
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (option === true && code === "ENOENT") return { path, values: undefined };
    throw new ConfigurationError(`Cannot read the .env file ${path} (${describeReadFailure(error)}).`, {
      fix: "Fix the `dotenv` option: pass the path of a readable .env file, `true` for ./.env (skipped when absent), or `false`.",
    });
  }
  const parseEnv = nodeBuiltin("node:util")?.parseEnv;
  if (typeof parseEnv !== "function") {
    throw new ConfigurationError(`Cannot parse the .env file ${path}: this runtime has no util.parseEnv (Node 20.12+, Bun and Deno have it).`, {
      fix: "Pass the variables as the `env` option and leave `dotenv` out.",
    });
  }
  let values: Record<string, string | undefined>;
  try {
    values = parseEnv(content);
  } catch {
    throw new ConfigurationError(`Cannot parse the .env file ${path}.`, {
      fix: "Write one KEY=value per line (as accepted by `node --env-file`), or pass `dotenv: false`.",
    });
  }
  return { path, values };
}
