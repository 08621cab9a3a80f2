import { newClusterId } from './local-kafka';

describe('newClusterId', () => {
  it('is 22 base64url characters and never starts with "-", which the storage tool would take for an option', () => {
    // About one random id in 64 starts with '-': 10,000 draws meet that case many times over.
    for (let i = 0; i < 10_000; i += 1) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
