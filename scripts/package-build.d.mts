import type { Options } from "tsup";

/** The comment every emitted file starts with: `/* @toolweave/core@0.1.0 *\/`. */
export function buildStamp(name: string, version: string): string;

/** tsup options for the package whose package.json is at `packageJson`. */
export function packageBuild(options: { packageJson: URL; entry: string[]; versionDefine?: string }): Options;
