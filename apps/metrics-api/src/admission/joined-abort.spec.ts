import { JoinedAbort } from './joined-abort';

describe('JoinedAbort', () => {
  it('aborts once every member has aborted', () => {
    const joined = new JoinedAbort();
    const [a, b] = [new AbortController(), new AbortController()];
    joined.join(a.signal);
    joined.join(b.signal);
    a.abort();
    expect(joined.signal.aborted).toBe(false);
    b.abort();
    expect(joined.signal.aborted).toBe(true);
  });

  it('never aborts once a member joined without a signal', () => {
    const joined = new JoinedAbort();
    const a = new AbortController();
    joined.join(a.signal);
    joined.join();
    a.abort();
    expect(joined.signal.aborted).toBe(false);
  });

  it('counts a member that joined already aborted as gone', () => {
    const joined = new JoinedAbort();
    joined.join(AbortSignal.abort());
    expect(joined.signal.aborted).toBe(true);
  });
});
