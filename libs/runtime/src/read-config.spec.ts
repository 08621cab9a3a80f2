import { ConfigError } from './parse-config';
import { readConfigOrExit } from './read-config';

describe('readConfigOrExit', () => {
  const written: string[] = [];
  let exit: jest.SpyInstance;
  let write: jest.SpyInstance;

  beforeEach(() => {
    written.length = 0;
    exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    exit.mockRestore();
    write.mockRestore();
  });

  it('returns the configuration when it is valid', () => {
    expect(readConfigOrExit('app', () => ({ PORT: 3000 }))).toEqual({ PORT: 3000 });
    expect(exit).not.toHaveBeenCalled();
  });

  it('writes one line naming every bad variable and exits with code 2', () => {
    const bad = () => {
      throw new ConfigError(['PORT: expected a number', 'LOG_LEVEL: invalid option']);
    };
    expect(() => readConfigOrExit('app', bad)).toThrow('exit 2');
    expect(written).toEqual([
      'app: Invalid configuration: PORT: expected a number; LOG_LEVEL: invalid option\n',
    ]);
  });

  it('lets other errors through', () => {
    expect(() =>
      readConfigOrExit('app', () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
    expect(exit).not.toHaveBeenCalled();
  });
});
