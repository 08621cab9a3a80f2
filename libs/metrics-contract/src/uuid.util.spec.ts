import { isUuid } from './uuid.util';

describe('isUuid', () => {
  it('takes any 8-4-4-4-12 hex UUID, in any letter case', () => {
    expect(isUuid('6f1c2a7e-0000-4000-8000-000000000001')).toBe(true);
    expect(isUuid('6F1C2A7E-0000-4000-8000-00000000000A')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it('refuses near misses and what is not a string', () => {
    for (const value of [
      '',
      '6f1c2a7e-0000-4000-8000-00000000000g',
      '6f1c2a7e00004000800000000000000a',
      ' 6f1c2a7e-0000-4000-8000-000000000001',
      42,
      null,
    ]) {
      expect(isUuid(value)).toBe(false);
    }
  });
});
