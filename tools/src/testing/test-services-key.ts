/** Where the global setup leaves its services for the global teardown (both run in Jest's main process). */
export const TEST_SERVICES_KEY = '__metricsStoreTestServices__';
