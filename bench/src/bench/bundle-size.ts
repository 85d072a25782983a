import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

/** What is bundled and for what (esbuild's options; bundle, minify, ESM and no write are always set). */
export interface BundleInput {
  stdin?: { contents: string; resolveDir: string; loader: "js" };
  entryPoints?: string[];
  platform: "browser" | "neutral" | "node";
  target: string;
  conditions?: string[];
  mainFields?: string[];
  external?: string[];
}

/** The part of esbuild's API used here. */
interface EsbuildApi {
  build(options: BundleInput & { bundle: true; minify: true; format: "esm"; write: false; logLevel: "silent" }): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}

let esbuild: EsbuildApi | undefined;

/** esbuild is reached through tsup (the build tool), not a dependency of bench. */
function loadEsbuild(): EsbuildApi {
  const require = createRequire(import.meta.url);
  esbuild ??= createRequire(require.resolve("tsup/package.json"))("esbuild") as EsbuildApi;
  return esbuild;
}

/** The size a download would be: an esbuild bundle, minified, and that gzipped at level 9. */
export async function bundleSize(input: BundleInput): Promise<{ minifiedBytes: number; gzipBytes: number }> {
  const out = await loadEsbuild().build({ ...input, bundle: true, minify: true, format: "esm", write: false, logLevel: "silent" });
  return {
    minifiedBytes: out.outputFiles.reduce((n, f) => n + f.contents.length, 0),
    gzipBytes: out.outputFiles.reduce((n, f) => n + gzipSync(f.contents, { level: 9 }).length, 0),
  };
}
