declare const __TOOLWEAVE_CORE_VERSION__: string | undefined;

/** This package's version, written in at build time (`0.0.0-dev` when run from source). */
export const CORE_VERSION: string = typeof __TOOLWEAVE_CORE_VERSION__ === "string" ? __TOOLWEAVE_CORE_VERSION__ : "0.0.0-dev";
