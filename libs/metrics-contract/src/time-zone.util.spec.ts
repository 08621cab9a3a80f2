import { DEFAULT_TIME_ZONE, isIanaTimeZone } from './time-zone.util';

describe('isIanaTimeZone', () => {
  it('takes zone names the IANA database knows, the default among them', () => {
    for (const zone of [
      DEFAULT_TIME_ZONE,
      'Europe/Berlin',
      'Asia/Kathmandu',
      'America/Argentina/Buenos_Aires',
    ]) {
      expect(isIanaTimeZone(zone)).toBe(true);
    }
  });

  it('refuses unknown, empty, overlong and non-string zones', () => {
    for (const zone of ['Mars/Olympus_Mons', '', 'Europe/'.padEnd(65, 'x'), 3, null]) {
      expect(isIanaTimeZone(zone)).toBe(false);
    }
  });
});
