import { nodeBuiltin } from "./node-builtins.js";

/** Reads a whole text file synchronously (injectable through the `readFile` option). */
export type ReadTextFile = (path: string) => string;

/** The code of the error thrown by the default reader where the runtime has no `node:fs`. */
export const NO_FILE_ACCESS = "TOOLWEAVE_NO_FILE_ACCESS";

/** The default reader: `fs.readFileSync(path, "utf8")`, loaded when first asked for. */
export const readTextFile: ReadTextFile = (path) => {
  const fs = nodeBuiltin("node:fs");
  if (!fs) throw Object.assign(new Error("This runtime cannot read files (no node:fs)."), { code: NO_FILE_ACCESS });
  return fs.readFileSync(path, "utf8");
};

/** True when a read failed because the runtime cannot read files at all. */
export function isNoFileAccess(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === NO_FILE_ACCESS;
}

/** A short reason for a failed read, from the error code only (never the file's content). */
export function describeReadFailure(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case NO_FILE_ACCESS:
      return "this runtime cannot read files";
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return typeof code === "string" ? code : "read failed";
  }
}
