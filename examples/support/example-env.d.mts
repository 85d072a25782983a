/** The given variables over this process's environment, with none of the real tools' or Redis variables, and no colour. */
export function exampleEnv(given: Record<string, string>): NodeJS.ProcessEnv;
