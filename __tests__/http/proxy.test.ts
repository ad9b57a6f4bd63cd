import { proxyFor } from '../../src/http/proxy.js';

const ARM = new URL('https://management.azure.com/subscriptions/x');

describe('proxyFor: the one place that decides whether a request goes through the runner proxy', () => {
  it.each([
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128' }, 'http://proxy.corp.example.test:3128/'],
    [{ https_proxy: 'http://user:p%40ss@proxy.corp.example.test:3128' }, 'http://user:p%40ss@proxy.corp.example.test:3128/'],
    [{ HTTPS_PROXY: 'proxy.corp.example.test:3128' }, 'http://proxy.corp.example.test:3128/'],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: '.azure.com' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', no_proxy: 'management.azure.com:443' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: 'azure.com' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: '*' }, undefined],
    [
      { HTTPS_PROXY: 'http://proxy.corp.example.test:3128', NO_PROXY: 'microsoft.com, vault.azure.net' },
      'http://proxy.corp.example.test:3128/'
    ],
    [{ HTTP_PROXY: 'http://proxy.corp.example.test:3128' }, undefined],
    [{}, undefined]
  ])('with %o goes through %s', (env, proxy) => {
    expect(proxyFor(ARM, env)?.href).toBe(proxy);
  });

  it('never sends a local or plain-http endpoint through a proxy', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp.example.test:3128', HTTP_PROXY: 'http://proxy.corp.example.test:3128' };
    expect(proxyFor(new URL('http://169.254.169.254/metadata/identity/oauth2/token'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:8443/x'), env)).toBeUndefined();
  });

  it('treats a host name that merely starts with 127. as a host on the internet', () => {
    expect(proxyFor(new URL('https://127.attacker.example/x'), { HTTPS_PROXY: 'http://proxy.corp.example.test:3128' })?.host).toBe(
      'proxy.corp.example.test:3128'
    );
  });

  it.each([
    ['::::', 'is not a URL'],
    ['ftp://proxy.corp.example.test', 'does not start with http:// or https://'],
    ['http://proxy.corp.example.test:3128/path?q', 'has a path, query or fragment'],
    ['http://u:%E0%A4%A@proxy.corp.example.test:3128', 'is not valid percent-encoding']
  ])('explains a malformed HTTPS_PROXY %s, naming the variable and never its password', (value, problem) => {
    let message = '';
    try {
      proxyFor(ARM, { HTTPS_PROXY: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('The environment variable HTTPS_PROXY must be');
    expect(message).toContain(problem);
    expect(message).not.toContain('%E0%A4%A');
  });
});
