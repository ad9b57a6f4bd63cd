import { Secrets } from '../../src/text/secrets.js';

describe('Secrets.addValue', () => {
  it('replaces the whole value and each of its lines of 4 characters or more, trimmed, exactly and wherever they appear', () => {
    const secrets = new Secrets();
    secrets.addValue('-----BEGIN KEY-----\r\n  MIIEvQIBADANBg  \n{\n\n-----END KEY-----');
    expect(secrets.redact('got -----BEGIN KEY----- and MIIEvQIBADANBg, then { and -----END KEY-----.')).toBe(
      'got *** and ***, then { and ***.'
    );
  });

  it('replaces a value whole, never by pieces: the words of a connection string stay in other messages', () => {
    const secrets = new Secrets();
    secrets.addValue('Server=tcp:db.example.net;Database=orders;Password=Winter2026!');
    expect(secrets.redact('Connecting with Server=tcp:db.example.net;Database=orders;Password=Winter2026! failed')).toBe(
      'Connecting with *** failed'
    );
    expect(secrets.redact('Database=orders and Password=Winter2026 are words; https://db.example.net too')).toBe(
      'Database=orders and Password=Winter2026 are words; https://db.example.net too'
    );
  });

  it('holds nothing for an empty or blank value', () => {
    const secrets = new Secrets();
    secrets.addValue('');
    secrets.addValue(' \n\t');
    expect(secrets.redact('nothing hidden here')).toBe('nothing hidden here');
  });
});
