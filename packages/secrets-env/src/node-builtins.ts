/**
 * Node's built-in modules, reached only when a file or `.env` is asked for, through
 * `process.getBuiltinModule` (Node 20.16+, Bun, Deno) rather than a top-level import: the
 * package then loads, and bundles for the browser, on runtimes without them.
 */
export interface NodeFs {
  readFileSync(path: string, encoding: "utf8"): string;
}
export interface NodePath {
  resolve(...paths: string[]): string;
}
export interface NodeUtil {
  parseEnv?: (content: string) => Record<string, string | undefined>;
}

interface BuiltinModules {
  "node:fs": NodeFs;
  "node:path": NodePath;
  "node:util": NodeUtil;
}

type MaybeProcess = { env?: unknown; getBuiltinModule?: (id: string) => unknown } | undefined;

function currentProcess(): MaybeProcess {
  return (globalThis as { process?: MaybeProcess }).process;
}

/** The built-in module, or `undefined` on a runtime without it (browsers, Workers without `nodejs_compat`). */
export function nodeBuiltin<K extends keyof BuiltinModules>(id: K): BuiltinModules[K] | undefined {
  const getBuiltinModule = currentProcess()?.getBuiltinModule;
  if (typeof getBuiltinModule !== "function") return undefined;
  try {
    return (getBuiltinModule(id) as BuiltinModules[K] | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

/** `process.env`, or `undefined` where there is no `process` (browsers, Workers). */
export function processEnv(): Record<string, string | undefined> | undefined {
  const env = currentProcess()?.env;
  return typeof env === "object" && env !== null ? (env as Record<string, string | undefined>) : undefined;
}
