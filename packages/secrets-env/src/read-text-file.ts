import { readFileSync } from "node:fs";

/** Reads a whole text file synchronously (injectable through the `readFile` option). */
export type ReadTextFile = (path: string) => string;

export const readTextFile: ReadTextFile = (path) => readFileSync(path, "utf8");

/** A short reason for a failed read, from the error code only (never the file's content). */
export function describeReadFailure(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
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
