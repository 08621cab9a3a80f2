import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('starts with the prefix and differs between calls', () => {
    const a = uniqueName('events');
    const b = uniqueName('events');
    expect(a.startsWith('events_')).toBe(true);
    expect(a).not.toEqual(b);
  });

  it('is a valid unquoted identifier for databases and topics', () => {
    expect(uniqueName('db')).toMatch(/^[a-z0-9_]+$/);
  });
});
