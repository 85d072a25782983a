import { bundleSize } from "./bundle-size.js";
import { BENCH_DIR, fmt, kib, printTable, runIfMain, writeResult } from "./report.js";

const CONNECTORS = [
  { label: "core + circleci", pkg: "@toolweave/connector-circleci", descriptor: "circleciConnector", call: "latestPipelineStatus(slug)" },
  { label: "core + circonus", pkg: "@toolweave/connector-circonus", descriptor: "circonusConnector", call: "listAlerts().toArray({ limit: 20 })" },
] as const;

/** What is bundled: the whole public entries, or what an app calling one operation keeps. */
function sources(connector: (typeof CONNECTORS)[number]): { variant: string; code: string }[] {
  return [
    { variant: "whole entries", code: `export * from "@toolweave/core";\nexport * from "${connector.pkg}";` },
    {
      variant: "one operation (tree-shaken)",
      code: `import { ${connector.descriptor} } from "${connector.pkg}";\nexport const run = (settings, slug) => ${connector.descriptor}.create(settings).${connector.call};`,
    },
    {
      variant: "one operation + secrets-env",
      code: `import { ${connector.descriptor} } from "${connector.pkg}";\nimport { connectFromEnv } from "@toolweave/secrets-env";\nexport const run = (env, slug) => connectFromEnv(${connector.descriptor}, { env }).${connector.call};`,
    },
  ];
}

const TARGETS = [
  { name: "browser", options: { platform: "browser" as const } },
  { name: "Workers", options: { platform: "neutral" as const, conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"] } },
];

/**
 * Benchmark 5: the size a browser (or a Worker) downloads for core + one connector, zod
 * included: esbuild bundle + minify for the browser (and Workers' conditions), then gzip -9.
 */
export async function runBrowserBundle() {
  const rows: (string | number)[][] = [];
  const results = [];
  for (const connector of CONNECTORS) {
    for (const source of sources(connector)) {
      for (const target of TARGETS) {
        const { minifiedBytes: bytes, gzipBytes: gzip } = await bundleSize({ stdin: { contents: source.code, resolveDir: BENCH_DIR, loader: "js" }, target: "es2022", ...target.options });
        rows.push([connector.label, source.variant, target.name, fmt(kib(bytes), 1), fmt(kib(gzip), 1)]);
        results.push({ bundle: connector.label, variant: source.variant, target: target.name, minifiedBytes: bytes, gzipBytes: gzip });
      }
    }
  }
  printTable("5. Browser bundle: core + one connector, zod included (esbuild --platform=browser, minify, gzip -9)", ["bundle", "variant", "target", "minified KiB", "min+gzip KiB"], rows);
  writeResult("browser-bundle", { bundles: results });
  return results;
}

runIfMain("browser-bundle", runBrowserBundle);
