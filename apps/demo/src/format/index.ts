// The wording the CLI and the `serve` page share, so both say the same thing the same way.
export { forCli } from "./fix.js";
export { gap } from "./gap.js";
export { shortSha } from "./sha.js";
export { percent, table } from "./table.js";
export { ago, duration, time } from "./time.js";
