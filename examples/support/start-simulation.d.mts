export function startSimulation(options?: { cors?: boolean }): Promise<{ env: Record<string, string>; stop: () => Promise<void> }>;
export { exampleEnv } from "./example-env.mjs";
