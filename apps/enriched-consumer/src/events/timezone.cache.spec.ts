import pino from 'pino';
import { Registry } from 'prom-client';
import { prometheusSample } from '@metrics-store/testing';
import { TimezoneCache } from './timezone.cache';
import { UnknownTimeZones } from './unknown-time-zones';

const A = '6f1c2a7e-0000-4000-8000-00000000000a';
const B = '6f1c2a7e-0000-4000-8000-00000000000b';

describe('TimezoneCache', () => {
  const lines: { level: number; msg: string; project_id?: string; time_zone?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  let now = 0;
  let stored = new Map<string, string>();
  let registry: Registry;
  let cache: TimezoneCache;
  const gauge = async () =>
    prometheusSample(await registry.metrics(), 'enriched_consumer_projects_unknown_time_zone');

  beforeEach(() => {
    lines.length = 0;
    now = 0;
    stored = new Map([
      [A, 'Mars/Olympus_Mons'],
      [B, 'Europe/Berlin'],
    ]);
    registry = new Registry();
    cache = new TimezoneCache(
      {
        getProjectTimezones: async (ids) =>
          new Map(ids.filter((id) => stored.has(id)).map((id) => [id, stored.get(id) as string])),
      },
      new UnknownTimeZones(logger, registry, () => now),
      10_000,
      () => now,
    );
  });

  it('counts a project whose zone this process cannot resolve on UTC, and says so at error level', async () => {
    expect(await cache.zonesOf([A, B])).toEqual(
      new Map([
        [A, 'UTC'],
        [B, 'Europe/Berlin'],
      ]),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'unknown_time_zone',
        project_id: A,
        time_zone: 'Mars/Olympus_Mons',
      }),
    ]);
    expect(await gauge()).toBe(1);
  });

  it('says it at most once a minute per project, and forgets it once the zone resolves', async () => {
    await cache.zonesOf([A]);
    for (now = 10_000; now < 60_000; now += 10_000) await cache.zonesOf([A]);
    expect(lines).toHaveLength(1);
    now = 60_000;
    await cache.zonesOf([A]);
    expect(lines).toHaveLength(2);

    stored.set(A, 'Asia/Kathmandu');
    now = 70_001;
    expect(await cache.zonesOf([A])).toEqual(new Map([[A, 'Asia/Kathmandu']]));
    expect(await gauge()).toBe(0);
  });
});
