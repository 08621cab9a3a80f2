import { defaultKeyRetentionDays, firstKeptDate } from './key-retention.util';

describe('key retention', () => {
  it('keeps by default one day more than events may be old', () => {
    expect(defaultKeyRetentionDays(400)).toBe(401);
  });

  it('keeps the dates from `retentionDays` days before today on, across months and years', () => {
    expect(firstKeptDate('2026-12-07', 0)).toBe('2026-12-07');
    expect(firstKeptDate('2026-12-07', 7)).toBe('2026-11-30');
    expect(firstKeptDate('2026-03-01', 401)).toBe('2025-01-24');
  });
});
