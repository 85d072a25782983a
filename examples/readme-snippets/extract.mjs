// Extracts every ```ts block of the published packages' READMEs into its own module under
// .generated/, prefixed with the README's prelude (preludes/<package>.ts: the variables its
// snippets use without creating them, e.g. a client made in an earlier block). A block
// preceded by <!-- snippet: skip (reason) --> is left out; the reason is required.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = join(here, ".generated");

export function extract() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const written = [];
  const sources = [["root", join(root, "README.md")], ...readdirSync(join(root, "packages")).map((p) => [p, join(root, "packages", p, "README.md")])];
  for (const [name, file] of sources) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const preludeFile = join(here, "preludes", `${name}.ts`);
    const prelude = existsSync(preludeFile) ? readFileSync(preludeFile, "utf8") : "";
    const lines = text.split("\n");
    let index = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
      const before = lines.slice(Math.max(0, i - 2), i).join("\n");
      const skip = /<!--\s*snippet:\s*skip\s*\(([^)]+)\)\s*-->/.exec(before);
      index += 1;
      if (!skip) {
        const body = lines.slice(start, end).join("\n");
        // A block that creates one of the prelude's variables itself does not get its declaration.
        const ownPrelude = prelude
          .split("\n")
          .filter((line) => {
            const name = /^declare const (\w+)/.exec(line)?.[1];
            return !name || !new RegExp(`\\b(?:const|let|var)\\s+(?:\\{[^}]*\\b${name}\\b[^}]*\\}|\\[[^\\]]*\\b${name}\\b[^\\]]*\\]|${name}\\b)`).test(body);
          })
          .join("\n");
        const target = join(out, `${name}-${String(index).padStart(2, "0")}.ts`);
        const header = `// Generated from ${name === "root" ? "README.md" : `packages/${name}/README.md`} lines ${start + 1}-${end} by extract.mjs: do not edit.\n`;
        writeFileSync(target, `${header}${ownPrelude}\n${body}\nexport {};\n`);
        written.push(target);
      }
      i = end;
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = extract();
  console.log(`${files.length} snippet(s) written to ${out}`);
}
