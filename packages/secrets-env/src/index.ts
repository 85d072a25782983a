export { createEnvSecrets, type EnvSecrets, type EnvSecretsOptions } from "./create-env-secrets.js";
export { connectFromEnv, type ConnectFromEnvOptions } from "./connect-from-env.js";
export { envVariableName, type EnvVariableNameOptions } from "./env-variable-name.js";
