import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { startApiServer } from '../api.server';

const P = '6f1c2a7e-0000-4000-8000-0000000000e1';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What a socket receives: `until(text)` waits for some of it, `closed` for all of it. */
function reader(socket: Socket) {
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  const until = async (part: string) => {
    while (!text.includes(part)) await sleep(10);
  };
  return { closed, until };
}

describe('startApiServer: graceful stop', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());

  it('stops accepting, lets an in-flight request finish, closes idle keep-alive sockets', async () => {
    const api = await startApiServer(fx.app, 0, '127.0.0.1');
    // A keep-alive socket that has had its answer and now waits idle.
    const idle = await open(api.port);
    const idleRead = reader(idle);
    idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await idleRead.until('"status":"ok"');

    // A request still sending its body when the stop begins; `100 Continue` says the server has its headers.
    const busy = await open(api.port);
    const busyRead = reader(busy);
    const body = JSON.stringify({ timezone: 'Asia/Tokyo' });
    busy.write(
      `PUT /v1/admin/projects/${P} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await busyRead.until('100 Continue');
    busy.write(body.slice(0, 5));
    let stopped = false;
    const stop = api.stop().then(() => (stopped = true));

    await idleRead.closed;
    await expect(open(api.port)).rejects.toThrow(/ECONNREFUSED/);
    expect(stopped).toBe(false);

    // Not end(): a client that half-closes its socket has given up on the answer.
    busy.write(body.slice(5));
    const text = await busyRead.closed;
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(text).toContain('"timezone":"Asia/Tokyo"');
    await stop;
    expect((await fx.store.getProjectSettings(P)).timezone).toBe('Asia/Tokyo');
  });
});
