export default {
  displayName: 'distinct-sketch',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/distinct-sketch',
  // Pure code: its tests need neither PostgreSQL nor Kafka, so the preset's service setup is left out.
  globalSetup: null,
  globalTeardown: null,
};
