import type { ChildProcess } from 'node:child_process';

/** Resolves with the first line of `stream` that contains `text`; rejects after `timeoutMs`. */
export function lineWith(stream: NodeJS.ReadableStream, text: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`no line with ${text} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.includes(text));
      if (line === undefined) return;
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(line);
    };
    stream.on('data', onData);
  });
}

/** The exit code of `child`, or `timeout` if it is still running after `timeoutMs`. */
export function exitWithin(child: ChildProcess, timeoutMs: number): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}
