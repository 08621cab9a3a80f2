import { composeEnvironment } from './compose-start';

describe('composeEnvironment', () => {
  it('hands compose the admin token, the ports and the log format of npm start', () => {
    expect(composeEnvironment({ PATH: '/bin' }, 'adm_token', true)).toEqual({
      PATH: '/bin',
      ADMIN_TOKEN: 'adm_token',
      PORT: '3000',
      API_OPS_PORT: '9465',
      CONSUMER_HTTP_PORT: '9464',
      LOG_FORMAT: 'pretty',
      FORCE_COLOR: '1',
    });
    expect(composeEnvironment({ PORT: '8080' }, 'adm_token', false)).toMatchObject({
      ADMIN_TOKEN: 'adm_token',
      PORT: '8080',
      LOG_FORMAT: 'json',
    });
  });
});
