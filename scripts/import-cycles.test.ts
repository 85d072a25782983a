import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every source folder whose modules must not import each other in a cycle. */
const SOURCE_DIRS = [
  ...readdirSync(join(ROOT, "packages")).map((name) => join("packages", name, "src")),
  "apps/demo/src",
  "bench/src",
].filter((dir) => existsSync(join(ROOT, dir)));

/** Every module of a folder (tests and declarations left out), by path relative to it. */
function modules(src: string, dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : modules(src, path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts") ? [relative(src, path)] : [];
  });
}

/** The relative imports of one module, type-only ones included (a cycle of types is still a cycle to read). */
function importsOf(src: string, module: string): string[] {
  const text = readFileSync(join(src, module), "utf8");
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)\.js"/g)) {
    found.add(relative(src, resolve(src, dirname(module), `${match[1]}.ts`)));
  }
  return [...found];
}

/** The cycles of a module graph, each as `a.ts → b.ts → a.ts`. */
function cyclesOf(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (module: string, path: string[]) => {
    if (state.get(module) === "done") return;
    if (state.get(module) === "open") {
      cycles.push([...path.slice(path.indexOf(module)), module].join(" → "));
      return;
    }
    state.set(module, "open");
    for (const next of graph.get(module) ?? []) if (graph.has(next)) visit(next, [...path, module]);
    state.set(module, "done");
  };
  for (const module of graph.keys()) visit(module, []);
  return cycles;
}

describe("source modules", () => {
  it.each(SOURCE_DIRS)("of %s import each other without cycles", (dir) => {
    const src = join(ROOT, dir);
    const graph = new Map(modules(src).map((m) => [m, importsOf(src, m)]));
    expect(graph.size).toBeGreaterThan(0);
    expect(cyclesOf(graph)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    expect(cyclesOf(new Map([["a.ts", ["b.ts"]], ["b.ts", ["a.ts"]], ["c.ts", []]]))).toEqual(["a.ts → b.ts → a.ts"]);
  });
});
