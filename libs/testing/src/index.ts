export { createScratchDatabase, createTestDatabase, type TestDatabase } from './test-database';
export { createTestTopics, testKafkaBrokers } from './test-kafka';
export { uniqueName } from './unique-name';
export { TEST_ENV } from './test-env';
export { SeededRandom, seededRandom } from './seeded-random';
export { runAppMain, type AppMainRun } from './app-main';
export { startSecureTestKafka, type KafkaUser, type SecureTestKafka } from './secure-test-kafka';
export { startTlsTestPostgres, type TlsTestPostgres } from './tls-test-postgres';
export { startTcpFaultProxy, type ProxyMode, type TcpFaultProxy } from './tcp-fault.proxy';
