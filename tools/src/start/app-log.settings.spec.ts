import { appLogSettings } from './app-log.settings';

describe('appLogSettings', () => {
  it('asks the apps for pretty lines in colour when npm start writes to a terminal', () => {
    expect(appLogSettings({}, true)).toEqual({ LOG_FORMAT: 'pretty', FORCE_COLOR: '1' });
  });

  it('keeps JSON lines when the output goes to a file or a pipe', () => {
    expect(appLogSettings({}, false)).toEqual({ LOG_FORMAT: 'json' });
  });

  it('follows LOG_FORMAT and NO_COLOR when they are set', () => {
    expect(appLogSettings({ LOG_FORMAT: 'json' }, true)).toEqual({ LOG_FORMAT: 'json' });
    expect(appLogSettings({ LOG_FORMAT: 'pretty' }, false)).toEqual({ LOG_FORMAT: 'pretty' });
    expect(appLogSettings({ NO_COLOR: '' }, true)).toEqual({ LOG_FORMAT: 'pretty' });
  });
});
