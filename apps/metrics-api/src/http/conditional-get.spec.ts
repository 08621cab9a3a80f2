import { ifNoneMatchMatches } from './conditional-get';

describe('ifNoneMatchMatches', () => {
  const etag = '"abc123"';

  it('matches the same tag, weak or strong, alone or in a list', () => {
    expect(ifNoneMatchMatches('"abc123"', etag)).toBe(true);
    expect(ifNoneMatchMatches('W/"abc123"', etag)).toBe(true);
    expect(ifNoneMatchMatches('"other", W/"abc123" , "x"', etag)).toBe(true);
    expect(ifNoneMatchMatches('"abc123"', 'W/"abc123"')).toBe(true);
  });

  it('matches * whatever the tag', () => {
    expect(ifNoneMatchMatches('*', etag)).toBe(true);
    expect(ifNoneMatchMatches(' * ', etag)).toBe(true);
  });

  it('does not match another tag, an unquoted one, or nothing', () => {
    expect(ifNoneMatchMatches(undefined, etag)).toBe(false);
    expect(ifNoneMatchMatches('', etag)).toBe(false);
    expect(ifNoneMatchMatches('"abc1234"', etag)).toBe(false);
    expect(ifNoneMatchMatches('abc123', etag)).toBe(false);
    expect(ifNoneMatchMatches('w/"abc123"', etag)).toBe(false);
    expect(ifNoneMatchMatches('"abc123', etag)).toBe(false);
  });
});
