/** `location add` says when the day is synced on the store's own clock, and which part was a default. */
import { describe, expect, it } from 'vitest';
import { syncTimeInWords } from './commands-intake.js';

describe('syncTimeInWords', () => {
  it('says that a New York store left at the default syncs at midnight Denver time, 02:00 in New York', () => {
    expect(syncTimeInWords({ timeZone: 'America/New_York', syncTime: '00:00', syncTimeZone: 'America/Denver' }, {}))
      .toBe('daily at 00:00 America/Denver (02:00 in America/New_York, the store\'s time); the default time and zone - choose with --sync-time HH:MM --sync-time-zone America/New_York');
  });

  it('names only the part that was a default, and no conversion when the zones agree', () => {
    expect(syncTimeInWords({ timeZone: 'America/Denver', syncTime: '03:15', syncTimeZone: 'America/Denver' }, { syncTime: '03:15' }))
      .toBe('daily at 03:15 America/Denver; the default zone - choose with --sync-time HH:MM --sync-time-zone America/Denver');
    expect(syncTimeInWords({ timeZone: 'Europe/Paris', syncTime: '23:30', syncTimeZone: 'Europe/Paris' }, { syncTime: '23:30', syncTimeZone: 'Europe/Paris' }))
      .toBe('daily at 23:30 Europe/Paris');
  });
});
