import { formatState, parseState } from './explore-state';

describe('explore state in the URL', () => {
  const project = '6f1c2a7e-0000-4000-8000-000000000001';

  it('writes a view as a readable query and reads it back', () => {
    const state = {
      project,
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'week' as const,
      metrics: ['page_view', 'unique_users'],
    };
    const query = formatState(state);
    expect(query).toBe(
      `?project=${project}&from=2026-11-01&to=2026-11-30&granularity=week&metrics=page_view,unique_users`,
    );
    expect(parseState(query)).toEqual(state);
  });

  it('has no place for a token: a pasted one is not read back, so it is dropped from the address bar', () => {
    const state = parseState(`?project=${project}&token=mk_secret&key=mk_secret`);
    expect(JSON.stringify(state)).not.toContain('mk_secret');
    expect(formatState(state)).not.toContain('mk_secret');
  });

  it('falls back to defaults for malformed fields instead of failing', () => {
    expect(
      parseState(
        '?project=%3Cscript%3E&from=2026-02-30&to=tomorrow&granularity=year&metrics=ok,Bad-Name,,ok',
      ),
    ).toEqual({
      project: '',
      from: '',
      to: '',
      granularity: 'day',
      metrics: ['ok'],
    });
  });

  it('leaves out what is empty', () => {
    expect(formatState({ project, from: '', to: '', granularity: 'day', metrics: [] })).toBe(
      `?project=${project}&granularity=day`,
    );
  });
});
