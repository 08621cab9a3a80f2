import { isStorableText } from './storable-text.util';

describe('isStorableText', () => {
  it.each(['', 'dashboard', 'Europe/Berlin', 'naïve café', '日本語', 'emoji \uD83D\uDE00 pair', '\uFFFD'])(
    'accepts %j',
    (value) => {
      expect(isStorableText(value)).toBe(true);
    },
  );

  it.each([
    'a\u0000b',
    '\u0000',
    'lone high \uD800',
    '\uD83Dx',
    'lone low \uDC00',
    '\uDE00\uD83D',
    'pair then lone \uD83D\uDE00\uDFFF',
  ])('refuses %j', (value) => {
    expect(isStorableText(value)).toBe(false);
  });
});
