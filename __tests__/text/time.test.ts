import { isoSeconds } from '../../src/text/time.js';

describe('isoSeconds', () => {
  it('shows a moment in UTC to the second, dropping the milliseconds', () => {
    expect(isoSeconds(Date.UTC(2026, 11, 3, 6, 36, 6, 999))).toBe('2026-12-03T06:36:06Z');
    expect(isoSeconds(new Date('2026-12-03T07:36:06.5+01:00'))).toBe('2026-12-03T06:36:06Z');
    expect(isoSeconds(0)).toBe('1970-01-01T00:00:00Z');
  });

  it('keeps years outside 0000–9999 whole', () => {
    expect(isoSeconds(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00Z');
    expect(isoSeconds(Date.UTC(-1, 0, 1))).toBe('-000001-01-01T00:00:00Z');
  });
});
