import { deadLetterOf } from '../events/dead-letter';
import { TypeCandidates } from './type-candidates';

describe('TypeCandidates', () => {
  const records = [
    { key: Buffer.from('k1'), value: Buffer.from('{"a":1}'), offset: '10' },
    { key: null, value: Buffer.from('{"b":2}'), offset: '11' },
    { key: Buffer.alloc(50, 7), value: null, offset: '12' },
  ];

  it('makes the dead letter a record would have had from deadLetterOf, the long key kept as its first bytes', () => {
    const candidates = new TypeCandidates(records, 3, 20);
    for (const record of records)
      expect(candidates.letterOf(record.offset, 'over')).toEqual(
        deadLetterOf({ code: 'too_many_types', message: 'over' }, record, 3, 20),
      );
    expect(candidates.letterOf('12', 'over')).toMatchObject({ keyBytes: 50 });
    expect(candidates.size).toBe(3);
    expect(candidates.heldBytes).toBe(2 + 7 + 7 + 20);
  });

  it('holds copies: the fetch the records are views of may be reused', () => {
    const value = Buffer.from('{"c":3}');
    const candidates = new TypeCandidates([{ key: null, value, offset: '5' }], 0, 100);
    value.fill(0);
    expect(candidates.letterOf('5', '').value?.toString()).toBe('{"c":3}');
  });

  it('knows only its own offsets', () => {
    const candidates = new TypeCandidates(records, 0, 100);
    expect(candidates.has('11')).toBe(true);
    expect(candidates.has('13')).toBe(false);
    expect(() => candidates.letterOf('13', '')).toThrow('offset 13 is not a type candidate');
  });
});
