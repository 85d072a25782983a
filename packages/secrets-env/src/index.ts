export { createEnvSecrets, type EnvSecrets, type EnvSecretsOptions } from "./create-env-secrets.js";
export { envVariableName, type EnvVariableNameOptions } from "./env-variable-name.js";
