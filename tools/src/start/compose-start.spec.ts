import { composeEnvironment } from './compose-start';

describe('composeEnvironment', () => {
  const secrets = { adminToken: 'adm_token', visitorKeySecret: 'vks_secret' };

  it('hands compose the admin token, the visitor key secret, the ports and the log format of npm start', () => {
    expect(composeEnvironment({ PATH: '/bin' }, secrets, true)).toEqual({
      PATH: '/bin',
      ADMIN_TOKEN: 'adm_token',
      VISITOR_KEY_SECRET: 'vks_secret',
      PORT: '3000',
      API_OPS_PORT: '9465',
      CONSUMER_HTTP_PORT: '9464',
      LOG_FORMAT: 'pretty',
      FORCE_COLOR: '1',
    });
    expect(composeEnvironment({ PORT: '8080' }, secrets, false)).toMatchObject({
      ADMIN_TOKEN: 'adm_token',
      PORT: '8080',
      LOG_FORMAT: 'json',
    });
  });
});
