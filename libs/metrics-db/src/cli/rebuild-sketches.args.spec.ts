import { parseRebuildSketchesArgs } from './rebuild-sketches.args';

const ID = '6F1C2A7E-0000-4000-8000-00000000000A';

describe('parseRebuildSketchesArgs', () => {
  it('takes no option (every project) or one project, in either spelling, lower-cased', () => {
    expect(parseRebuildSketchesArgs([])).toEqual({ ok: true, args: {} });
    expect(parseRebuildSketchesArgs(['--project', ID])).toEqual({
      ok: true,
      args: { projectId: ID.toLowerCase() },
    });
    expect(parseRebuildSketchesArgs([`--project=${ID}`])).toEqual({
      ok: true,
      args: { projectId: ID.toLowerCase() },
    });
  });

  it('refuses a project that is not a UUID, a missing value, a repeat and unknown options', () => {
    expect(parseRebuildSketchesArgs(['--project', 'acme'])).toEqual({
      ok: false,
      error: '--project takes a project id (a UUID), got "acme"',
    });
    expect(parseRebuildSketchesArgs(['--project'])).toMatchObject({ ok: false });
    expect(parseRebuildSketchesArgs(['--project', ID, '--project', ID])).toMatchObject({ ok: false });
    expect(parseRebuildSketchesArgs(['--all'])).toEqual({
      ok: false,
      error: "Unknown option '--all'; usage: rebuild-sketches [--project <id>]",
    });
  });
});
