export { loadLocalEnvFiles, findRepoRoot } from './local-env-files';
export { parseConfig, ConfigError } from './parse-config';
export { readConfigOrExit } from './read-config';
export { createLogger, type Logger } from './logger';
export { createOpsHandlers, startOpsServer, type OpsServer, type OpsOptions } from './ops-server';
export { onShutdownSignals } from './shutdown-signals';
export { ignoreKafkajsNegativeTimeouts } from './process-warnings';
