declare const __TOOLWEAVE_CIRCONUS_VERSION__: string | undefined;

/** This package's version, written in at build time (`0.0.0-dev` when run from source). */
export const VERSION: string = typeof __TOOLWEAVE_CIRCONUS_VERSION__ === "string" ? __TOOLWEAVE_CIRCONUS_VERSION__ : "0.0.0-dev";

/** The product token this connector sends first in its `User-Agent`. */
export const PRODUCT = `toolweave-circonus/${VERSION}`;
