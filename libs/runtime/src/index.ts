export { loadLocalEnvFiles, findRepoRoot } from './local-env-files';
export { parseConfig, ConfigError } from './parse-config';
export { readConfigOrExit } from './read-config';
export { createLogger, type Logger } from './logger';
export { createOpsHandlers, startOpsServer, type OpsServer, type OpsOptions } from './ops-server';
export { onShutdownSignals } from './shutdown-signals';
export { ignoreKafkajsNegativeTimeouts } from './process-warnings';
export { waitUntil, StopWaiting } from './wait-until';
export { runCli, parseCliArgs, UsageError, CLI_EXIT, type CliOptions } from './cli-main';
