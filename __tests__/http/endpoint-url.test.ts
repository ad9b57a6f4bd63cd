import fc from 'fast-check';
import { assertCredentialOrigin, isLocalHost, parseEndpointUrl, urlFrom } from '../../src/http/endpoint-url.js';

describe('isLocalHost', () => {
  it.each(['localhost', '127.0.0.1', '127.255.0.9', '[::1]', '169.254.169.254', 'LOCALHOST'])('%p is this machine', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });
  it.each(['127.attacker.example', '127.0.0.1.attacker.example', 'localhost.attacker.example', '169.254.169.253', '10.0.0.1', '::2'])(
    '%p is not',
    (host) => {
      expect(isLocalHost(host)).toBe(false);
    }
  );
});

describe('urlFrom', () => {
  it('keeps the base origin, whatever the path holds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (path, value) => {
        const url = urlFrom('https://management.azure.com', `/${path}`, { q: value });
        expect(url.origin).toBe('https://management.azure.com');
        expect(url.searchParams.get('q')).toBe(value);
      })
    );
    expect(urlFrom('https://management.azure.com', '@127.0.0.1:8443/x').origin).toBe('https://management.azure.com');
  });
});

describe('parseEndpointUrl', () => {
  const rules = { holder: 'The environment variable IDENTITY_ENDPOINT', example: 'http://localhost:42356/msi/token' };
  it('names the holder, what it holds (never a password) and what is wrong', () => {
    expect(() => parseEndpointUrl('http://user:secret@127.0.0.1/x', rules)).toThrow(
      "The environment variable IDENTITY_ENDPOINT must be an https:// URL, or http:// to this machine (localhost, 127.0.0.0/8, [::1] or 169.254.169.254) such as http://localhost:42356/msi/token, without credentials, query or fragment; it holds 'http://***@127.0.0.1/x', which holds credentials."
    );
    expect(() => parseEndpointUrl('::::', rules)).toThrow("it holds '::::', which is not a URL.");
  });
});

describe('assertCredentialOrigin', () => {
  it('lets a credential go to its own origin only', () => {
    expect(() =>
      assertCredentialOrigin(new URL('https://management.azure.com/x'), 'https://management.azure.com', 'the ARM token')
    ).not.toThrow();
    expect(() =>
      assertCredentialOrigin(new URL('https://management.azure.com.evil.test/x'), 'https://management.azure.com', 'the ARM token')
    ).toThrow(
      'The action refused to send the ARM token to https://management.azure.com.evil.test: it goes only to https://management.azure.com.'
    );
    expect(() => assertCredentialOrigin(new URL('http://10.0.0.1/x'), 'http://10.0.0.1', 'IDENTITY_HEADER')).toThrow(
      'refused to send IDENTITY_HEADER'
    );
  });
});
