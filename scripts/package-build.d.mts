import type { Options } from "tsup";

/** The comment every emitted file starts with: `/* @toolweave/core@0.1.0 *\/`. */
export function buildStamp(name: string, version: string): string;

/** tsup options for the package whose package.json is at `packageJson`. */
export function packageBuild(options: { packageJson: URL; entry: string[]; versionDefine?: string }): Options;

/** tsup options for a program of this repository that is never published (the demo CLI, the bench scripts), with source maps. */
export function programBuild(options: { entry: string[] | Record<string, string>; banner?: string; splitting?: boolean }): Options;
