import { resolve as resolvePath } from "node:path";
import { parseEnv } from "node:util";
import { ConfigurationError } from "@toolweave/core";
import { describeReadFailure, type ReadTextFile } from "./read-text-file.js";

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
 */
export function loadDotenv(option: string | boolean | undefined, readFile: ReadTextFile): LoadedDotenv | undefined {
  if (option === undefined || option === false) return undefined;
  const path = resolvePath(option === true ? ".env" : option);
  let content: string;
  try {
    content = readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (option === true && code === "ENOENT") return { path, values: undefined };
    throw new ConfigurationError(`Cannot read the .env file ${path} (${describeReadFailure(error)}).`, {
      fix: "Fix the `dotenv` option: pass the path of a readable .env file, `true` for ./.env (skipped when absent), or `false`.",
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
