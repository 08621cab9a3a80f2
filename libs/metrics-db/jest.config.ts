export default {
  displayName: 'metrics-db',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/metrics-db',
};
