// Tests of the connector generator (scripts/new-connector.mjs): name validation, refusal to
// overwrite and the generated file list in throw-away roots. The generated package built,
// tested and linted in a workspace copy: new-connector.workspace.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkNameFormat,
  generateConnector,
  GeneratorError,
  identifiers,
  plannedFiles,
  RESERVED_NAMES,
  validateName,
} from "./new-connector.mjs";

const SCRIPTS = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(SCRIPTS, "..");
const GENERATOR = join(SCRIPTS, "new-connector.mjs");
const FORMAT = "lower-case letters, digits and single hyphens, starting with a letter";

const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A minimal workspace root: pnpm-workspace.yaml, packages/, .changeset/. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "toolweave-gen-"));
  cleanups.push(root);
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  mkdirSync(join(root, "packages"));
  mkdirSync(join(root, ".changeset"));
  writeFileSync(join(root, ".changeset", "config.json"), "{}\n");
  return root;
}

/** Every file under `dir`, relative to `base`, with forward slashes. */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full, base) : [relative(base, full).split("\\").join("/")];
  });
}

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
};

const runCli = (args: string[]) => spawnSync(process.execPath, [GENERATOR, ...args], { encoding: "utf8" });

describe("name validation", () => {
  it.each(["acme", "pagerduty", "grafana-cloud", "s3", "new-relic2"])("accepts %s", (name) => {
    expect(checkNameFormat(name)).toBe(name);
  });

  it.each([
    ["Acme", 'Try "acme"'],
    ["1password", "must start with a letter"],
    ["-acme", "must start with a letter"],
    ["acme-", FORMAT],
    ["grafana--cloud", 'Try "grafana-cloud"'],
    ["grafana_cloud", 'Try "grafana-cloud"'],
    ["acme.io", 'Try "acme-io"'],
    ["acme cloud", 'Try "acme-cloud"'],
    ["", "A connector name is required"],
  ])("rejects %j with the expected format", (name, hint) => {
    const error = errorOf(() => checkNameFormat(name));
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error.message).toContain(hint);
    if (name) expect(error.message).toContain(FORMAT);
  });

  it("rejects names longer than 40 characters", () => {
    expect(errorOf(() => checkNameFormat(`a${"b".repeat(40)}`)).message).toMatch(/at most 40/);
  });

  it("rejects the connector- prefix and reserved names", () => {
    expect(errorOf(() => checkNameFormat("connector-acme")).message).toContain('pass the provider name alone (e.g. "acme")');
    for (const name of RESERVED_NAMES) expect(errorOf(() => checkNameFormat(name)).message).toContain("is reserved");
  });

  it("rejects the names of the repository's existing connectors", () => {
    for (const name of ["circleci", "circonus"]) {
      const error = errorOf(() => validateName(name, { root: REPO }));
      expect(error.message).toContain(`packages/connector-${name} already exists; refusing to overwrite it`);
    }
  });

  it("derives every spelling from the name", () => {
    expect(identifiers("grafana-cloud")).toEqual({
      name: "grafana-cloud",
      NAME: "GRAFANA_CLOUD",
      Pascal: "GrafanaCloud",
      camel: "grafanaCloud",
      Display: "Grafana Cloud",
    });
    expect(identifiers("pagerduty", "PagerDuty")).toMatchObject({ Display: "PagerDuty", Pascal: "PagerDuty", camel: "pagerDuty" });
    expect(identifiers("new-relic", "New Relic").Pascal).toBe("NewRelic");
    expect(identifiers("x-ray", "AWS X-Ray").Pascal).toBe("AWSXRay");
    expect(identifiers("ops", "7 Ops").Pascal).toBe("Ops");
    expect(errorOf(() => identifiers("acme", 'Acme "Cloud"')).message).toMatch(/Display name .* not valid/);
  });
});

describe("refusing to overwrite", () => {
  it("leaves an existing package directory untouched and writes nothing", () => {
    const root = fakeRoot();
    mkdirSync(join(root, "packages", "connector-acme"));
    writeFileSync(join(root, "packages", "connector-acme", "keep.txt"), "mine");
    const error = errorOf(() => generateConnector({ name: "acme", root }));
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error.message).toContain("packages/connector-acme already exists; refusing to overwrite it");
    expect(listFiles(join(root, "packages"))).toEqual(["connector-acme/keep.txt"]);
    expect(readdirSync(join(root, ".changeset"))).toEqual(["config.json"]);
    expect(readdirSync(root).sort()).toEqual([".changeset", "packages", "pnpm-workspace.yaml"]);
  });

  it("refuses a package name already used by another directory", () => {
    const root = fakeRoot();
    mkdirSync(join(root, "packages", "acme-fork"));
    writeFileSync(join(root, "packages", "acme-fork", "package.json"), JSON.stringify({ name: "@toolweave/connector-acme" }));
    expect(errorOf(() => generateConnector({ name: "acme", root })).message).toContain(
      "@toolweave/connector-acme already exists in packages/acme-fork",
    );
    expect(readdirSync(join(root, "packages"))).toEqual(["acme-fork"]);
  });

  it("refuses an existing changeset of the same name", () => {
    const root = fakeRoot();
    writeFileSync(join(root, ".changeset", "connector-acme-first-release.md"), "mine");
    expect(errorOf(() => generateConnector({ name: "acme", root })).message).toContain(".changeset/connector-acme-first-release.md already exists");
    expect(readdirSync(join(root, "packages"))).toEqual([]);
    expect(readFileSync(join(root, ".changeset", "connector-acme-first-release.md"), "utf8")).toBe("mine");
  });

  it("writes nothing when the display name is invalid", () => {
    const root = fakeRoot();
    expect(() => generateConnector({ name: "acme", displayName: "Acme`rm`", root })).toThrow(GeneratorError);
    expect(readdirSync(join(root, "packages"))).toEqual([]);
    expect(readdirSync(root).sort()).toEqual([".changeset", "packages", "pnpm-workspace.yaml"]);
  });

  it("refuses a directory that is not a workspace root", () => {
    const dir = mkdtempSync(join(tmpdir(), "toolweave-gen-"));
    cleanups.push(dir);
    expect(errorOf(() => generateConnector({ name: "acme", root: dir })).message).toContain("does not look like the toolweave workspace root");
  });
});

describe("generated files", () => {
  const expected = [
    ".changeset/connector-grafana-cloud-first-release.md",
    "packages/connector-grafana-cloud/LICENSE",
    "packages/connector-grafana-cloud/README.md",
    "packages/connector-grafana-cloud/package.json",
    "packages/connector-grafana-cloud/src/__fixtures__/README.md",
    "packages/connector-grafana-cloud/src/__fixtures__/responses.ts",
    "packages/connector-grafana-cloud/src/conformance.test.ts",
    "packages/connector-grafana-cloud/src/correlator/correlator.test.ts",
    "packages/connector-grafana-cloud/src/correlator/create-correlator.ts",
    "packages/connector-grafana-cloud/src/correlator/ports.ts",
    "packages/connector-grafana-cloud/src/create-grafana-cloud.test.ts",
    "packages/connector-grafana-cloud/src/create-grafana-cloud.ts",
    "packages/connector-grafana-cloud/src/credential.ts",
    "packages/connector-grafana-cloud/src/descriptor.ts",
    "packages/connector-grafana-cloud/src/index.ts",
    "packages/connector-grafana-cloud/src/map-error.ts",
    "packages/connector-grafana-cloud/src/readme-settings.test.ts",
    "packages/connector-grafana-cloud/src/schemas/resource.ts",
    "packages/connector-grafana-cloud/src/schemas/user.ts",
    "packages/connector-grafana-cloud/src/settings.test.ts",
    "packages/connector-grafana-cloud/src/settings.ts",
    "packages/connector-grafana-cloud/src/test-utils.ts",
    "packages/connector-grafana-cloud/src/verify.ts",
    "packages/connector-grafana-cloud/src/version.ts",
    "packages/connector-grafana-cloud/tsconfig.build.json",
    "packages/connector-grafana-cloud/tsconfig.json",
    "packages/connector-grafana-cloud/tsup.config.ts",
    "packages/connector-grafana-cloud/vitest.config.ts",
  ];

  it("writes the package and its changeset, and nothing else", () => {
    const root = fakeRoot();
    const written = generateConnector({ name: "grafana-cloud", root });
    expect([...written].sort()).toEqual(expected);
    expect([...plannedFiles("grafana-cloud")].sort()).toEqual(expected);
    const onDisk = listFiles(root).filter((f) => f !== "pnpm-workspace.yaml" && f !== ".changeset/config.json");
    expect(onDisk.sort()).toEqual(expected);
  });

  it("fills every placeholder and leaves no TODO", () => {
    const root = fakeRoot();
    for (const file of generateConnector({ name: "grafana-cloud", root })) {
      const text = readFileSync(join(root, file), "utf8");
      expect(text, file).not.toMatch(/%%|__name__/);
      expect(text, file).not.toMatch(/\bTODO\b|\bFIXME\b|\bXXX\b/);
    }
    const pkg = join(root, "packages", "connector-grafana-cloud");
    const descriptor = readFileSync(join(pkg, "src", "descriptor.ts"), "utf8");
    expect(descriptor).toContain("export const grafanaCloudConnector = defineConnector<GrafanaCloudSettings, GrafanaCloudClient>(");
    expect(descriptor).toContain("env: grafanaCloudSettings.env,");
    const settings = readFileSync(join(pkg, "src", "settings.ts"), "utf8");
    expect(settings).toContain('name: "GRAFANA_CLOUD_TOKEN"');
    expect(settings).toContain('name: "GRAFANA_CLOUD_BASE_URL"');
    expect(settings).toContain('export const DEFAULT_BASE_URL = "https://api.grafana-cloud.example";');
    expect(settings).toMatch(/must replace it/);
    expect(readFileSync(join(pkg, "src", "conformance.test.ts"), "utf8")).toContain('from "@toolweave/core/testing"');
    expect(readFileSync(join(root, ".changeset", "connector-grafana-cloud-first-release.md"), "utf8")).toMatch(
      /^---\n"@toolweave\/connector-grafana-cloud": minor\n---\n\nFirst release: the Grafana Cloud connector for toolweave/,
    );
  });

  it("mirrors the shape of the real connectors", () => {
    const root = fakeRoot();
    generateConnector({ name: "grafana-cloud", root, displayName: "Grafana Cloud" });
    const pkgDir = join(root, "packages", "connector-grafana-cloud");
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    const circleci = JSON.parse(readFileSync(join(REPO, "packages", "connector-circleci", "package.json"), "utf8"));
    expect(pkg.name).toBe("@toolweave/connector-grafana-cloud");
    expect(pkg).toMatchObject({
      type: "module",
      sideEffects: false,
      license: "MIT",
      engines: { node: ">=20.19.0" },
      publishConfig: { access: "public" },
      exports: { ".": { types: "./dist/types/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
      homepage: expect.stringContaining("connector-grafana-cloud"),
      bugs: { url: expect.any(String) },
      dependencies: { "@toolweave/core": "workspace:^" },
      peerDependencies: { zod: "^4.1.0" },
    });
    expect(pkg.private).toBeUndefined();
    expect(pkg.files).toContain("LICENSE");
    expect(pkg.scripts).toEqual(circleci.scripts);
    expect(pkg.files).toEqual(circleci.files);
    for (const file of ["tsconfig.json", "tsconfig.build.json", "vitest.config.ts", "LICENSE"]) {
      expect(readFileSync(join(pkgDir, file), "utf8"), file).toBe(readFileSync(join(REPO, "packages", "connector-circleci", file), "utf8"));
    }
    // The siblings' build options (scripts/package-build.mjs, with the build stamp the release
    // checks); they may add entries of their own (e.g. ./fixtures) and a version constant.
    const tsup = readFileSync(join(pkgDir, "tsup.config.ts"), "utf8");
    expect(tsup).toContain('defineConfig(packageBuild({ packageJson: new URL("./package.json", import.meta.url), entry: ["src/index.ts"], versionDefine: "__TOOLWEAVE_GRAFANA_CLOUD_VERSION__" }))');
    expect(readFileSync(join(REPO, "packages", "connector-circleci", "tsup.config.ts"), "utf8")).toContain("defineConfig(packageBuild({");
    // Its own product token, stamped with its version, as the real connectors' version.ts.
    expect(readFileSync(join(pkgDir, "src", "version.ts"), "utf8")).toContain("export const PRODUCT = `toolweave-grafana-cloud/${VERSION}`;");
  });

  it("names each role's file and export as both real connectors do", () => {
    const root = fakeRoot();
    generateConnector({ name: "grafana-cloud", root, displayName: "Grafana Cloud" });
    // Each package's src, and the names its own exports carry (<c>Settings, create<P> ...).
    const packages = [
      { src: join(root, "packages", "connector-grafana-cloud", "src"), camel: "grafanaCloud", pascal: "GrafanaCloud" },
      { src: join(REPO, "packages", "connector-circleci", "src"), camel: "circleci", pascal: "CircleCI" },
      { src: join(REPO, "packages", "connector-circonus", "src"), camel: "circonus", pascal: "Circonus" },
    ];
    const roleFiles = ["settings.ts", "credential.ts", "descriptor.ts", "map-error.ts", "verify.ts", "version.ts", "test-utils.ts", "readme-settings.test.ts", "conformance.test.ts", "correlator/create-correlator.ts", "correlator/ports.ts", "correlator/correlator.test.ts", "schemas/user.ts"];
    const roleExports = ["create<P>", "<P>Client", "Signal", "<c>Connector", "<c>CredentialSchema", "<c>Settings", "<c>SettingsSchema", "resolveSettings", "DEFAULT_BASE_URL", "<P>Settings", "Resolved<P>Settings", "buildCredential", "<P>Credential", "createErrorMapper", "createCorrelator", "<P>Correlator", "<P>CorrelatorPorts", "userSchema"];
    const exportedNames = (file: string, pattern: RegExp) =>
      [...readFileSync(file, "utf8").matchAll(pattern)].flatMap((m) => m[1]!.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()!)).filter(Boolean);
    for (const { src, camel, pascal } of packages) {
      for (const file of roleFiles) expect(existsSync(join(src, file)), join(src, file)).toBe(true);
      const generic = (name: string) => name.replaceAll("<c>", camel).replaceAll("<P>", pascal);
      const index = exportedNames(join(src, "index.ts"), /export (?:type )?\{([^}]*)\}/g);
      for (const name of roleExports) expect(index, `${src}/index.ts exports ${generic(name)}`).toContain(generic(name));
      const kit = exportedNames(join(src, "test-utils.ts"), /export (?:const|function) (\w+)/g);
      for (const name of ["BASE", "TOKEN", "testClient"]) expect(kit, `${src}/test-utils.ts exports ${name}`).toContain(name);
    }
  });

  it("lets core pass every runtime setting to the HTTP client, with the connector's product token", () => {
    const root = fakeRoot();
    generateConnector({ name: "grafana-cloud", root, displayName: "Grafana Cloud" });
    const src = join(root, "packages", "connector-grafana-cloud", "src");
    const create = readFileSync(join(src, "create-grafana-cloud.ts"), "utf8");
    expect(create).toContain("const http = grafanaCloudSettings.createHttpClient(resolved, {");
    expect(create).toContain("product: PRODUCT,");
    expect(create).not.toContain("createHttpClient({");
    // No runtime setting is named in code by hand (maxPages is read where lists are paged).
    for (const file of ["create-grafana-cloud.ts", "settings.ts"]) {
      const text = readFileSync(join(src, file), "utf8");
      for (const key of ["fetch", "timeoutMs", "deadlineMs", "retry", "throttle", "cache", "hooks", "stores", "maxResponseBytes", "userAgent"]) {
        expect(text, `${file} names ${key}`).not.toMatch(new RegExp(`["'\\s.]${key}["':]`));
      }
    }
  });
});

describe("command line", () => {
  it("prints the expected format and exits 1 for a bad name, writing nothing", () => {
    const root = fakeRoot();
    const result = runCli(["Acme_Cloud", "--root", root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(FORMAT);
    expect(result.stderr).toContain('Try "acme-cloud"');
    expect(readdirSync(join(root, "packages"))).toEqual([]);
  });

  it("exits 1 without a name and 2 for a bad option or two names", () => {
    const root = fakeRoot();
    expect(runCli(["--root", root]).status).toBe(1);
    expect(runCli(["acme", "--root", root, "--frobnicate"]).status).toBe(2);
    expect(runCli(["acme", "beta", "--root", root]).status).toBe(2);
  });

  it("lists the files in a dry run and writes nothing", () => {
    const root = fakeRoot();
    const result = runCli(["acme", "--dry-run", "--root", root]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("packages/connector-acme/src/create-acme.ts");
    expect(readdirSync(join(root, "packages"))).toEqual([]);
  });

  it("generates and prints the next steps", () => {
    const root = fakeRoot();
    const result = runCli(["acme", "--display-name", "Acme Corp", "--root", root]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("npx -y pnpm@10.34.9 install");
    expect(result.stdout).toContain("--filter @toolweave/connector-acme run build");
    expect(result.stdout).toMatch(/run lint/);
    expect(readFileSync(join(root, "packages", "connector-acme", "README.md"), "utf8")).toContain("Acme Corp connector");
  });

  it("shows help", () => {
    const result = runCli(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: pnpm new:connector <name>");
  });
});
