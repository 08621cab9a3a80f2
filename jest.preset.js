// Shared by every project's jest.config.ts. The global setup obtains PostgreSQL 16 and Kafka once per
// Jest run (environment URLs, else containers, else local processes) and hands their URLs to the tests.
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, {
    prefix: path.join(__dirname, '/'),
  }),
  testMatch: ['**/?(*.)+(spec|integration-spec).ts'],
  globalSetup: path.join(__dirname, 'tools/src/testing/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'tools/src/testing/global-teardown.ts'),
  reporters: ['default', path.join(__dirname, 'tools/src/testing/summary-reporter.js')],
  testTimeout: 60_000,
};
