export default {
  displayName: 'enriched-consumer',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/enriched-consumer',
};
