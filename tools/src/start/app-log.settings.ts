/**
 * The apps of `npm start` write through its pipes, so they cannot see its terminal: lines for people when its
 * own output is a terminal, JSON lines when it goes to a file or another program, unless LOG_FORMAT says
 * otherwise; in colour where a terminal shows the pretty lines and NO_COLOR is not set.
 */
export function appLogSettings(env: NodeJS.ProcessEnv, outputIsTerminal: boolean): NodeJS.ProcessEnv {
  const format = env.LOG_FORMAT || (outputIsTerminal ? 'pretty' : 'json');
  const colour = outputIsTerminal && format === 'pretty' && env.NO_COLOR === undefined;
  return { LOG_FORMAT: format, ...(colour && env.FORCE_COLOR === undefined ? { FORCE_COLOR: '1' } : {}) };
}
