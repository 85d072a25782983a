export function startSimulation(options?: { cors?: boolean }): Promise<{ env: Record<string, string>; stop: () => Promise<void> }>;
export function exampleEnv(simulated: Record<string, string>): NodeJS.ProcessEnv;
