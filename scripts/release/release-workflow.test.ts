import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SETUP_NODE_PLACEHOLDER_TOKEN, readReleaseWorkflow, resolveStepEnv, setupNodeNpmrc } from "./release-workflow.mjs";
import { publicPackages } from "./workspace-packages.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the release workflow", () => {
  const workflow = readReleaseWorkflow(root);

  it("passes the npm token as NODE_AUTH_TOKEN, the variable setup-node's .npmrc reads (NPM_TOKEN alone gives E401)", () => {
    expect(workflow.registryUrl).toBe("https://registry.npmjs.org");
    expect(setupNodeNpmrc(workflow.registryUrl!)).toContain("//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}");
    const env = resolveStepEnv(workflow.env, { NPM_TOKEN: "npm_token_value" });
    expect(env.NODE_AUTH_TOKEN).toBe("npm_token_value");
    expect(env.NODE_AUTH_TOKEN).not.toBe(SETUP_NODE_PLACEHOLDER_TOKEN);
  });

  it("asks for provenance in the workflow, and no package forces it (a rehearsal or a mirror could not publish)", () => {
    expect(workflow.env.NPM_CONFIG_PROVENANCE).toBe("true");
    for (const pkg of publicPackages(root)) expect(pkg.manifest.publishConfig?.provenance, pkg.name).toBeUndefined();
  });

  it("publishes through pnpm release, which publishes in dependency order after the working-tree checks", () => {
    expect(workflow.publish).toMatch(/pnpm@[\d.]+ release$/);
    const rootManifest = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { scripts: Record<string, string> };
    expect(rootManifest.scripts.release).toMatch(/^node scripts\/release\/publish-packages\.mjs --preflight && .*turbo run build lint --filter=\.\/packages\/\* && node scripts\/release\/publish-packages\.mjs$/);
  });

  it("gives every published package the prepublishOnly guard, and bounded test-tool peers", () => {
    for (const pkg of publicPackages(root)) {
      expect(pkg.manifest.scripts?.prepublishOnly, pkg.name).toBe("node ../../scripts/release/check-publishable.mjs");
      for (const [name, range] of Object.entries<string>(pkg.manifest.peerDependencies ?? {})) expect(range, `${pkg.name} peer ${name}`).not.toMatch(/^>=[\d.]+$/);
    }
  });

  it("replaces secrets as GitHub does: a known one by its value, an unset one by nothing", () => {
    expect(resolveStepEnv({ A: "${{ secrets.X }}", B: "${{ secrets.Y }}", C: "plain", D: "${{ github.ref }}" }, { X: "x" })).toEqual({ A: "x", B: "", C: "plain", D: "" });
    expect(setupNodeNpmrc("http://127.0.0.1:4873")).toBe("//127.0.0.1:4873/:_authToken=${NODE_AUTH_TOKEN}\nregistry=http://127.0.0.1:4873/\n");
  });
});
