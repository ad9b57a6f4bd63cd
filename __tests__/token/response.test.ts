import { fakeJwt, IMDS_ERRORS, imdsTokenBody, PROXY_ERROR_PAGE } from '../../__fixtures__/bodies.js';
import { ActionError } from '../../src/text/errors.js';
import { describeErrorBody } from '../../src/http/answers.js';
import { Secrets } from '../../src/text/secrets.js';
import { parseTokenBody } from '../../src/token/response.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const WHERE = 'IMDS (http://169.254.169.254/metadata/identity/oauth2/token)';
const FROM = { where: WHERE, proxyHint: 'Something other than the managed identity endpoint answered.' };
const describe_ = (body: string): string => describeErrorBody({ body, headers: {} }, new Secrets());

function parse(body: unknown) {
  const masked: string[] = [];
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    return { masked, result: parseTokenBody(text, NOW, FROM, (secret) => masked.push(secret)) };
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return { masked, error: (error as Error).message };
  }
}

describe('parseTokenBody', () => {
  const token = fakeJwt();

  it('reads the documented IMDS answer (every field a string)', () => {
    const { result, masked } = parse(imdsTokenBody(token));
    expect(masked).toEqual([token]);
    expect(result).toEqual({
      accessToken: token,
      expiresOn: new Date('2026-11-22T12:00:00Z'),
      tokenType: 'Bearer',
      resource: 'https://management.azure.com/',
      clientId: '00000000-0000-0000-0001-000000000001',
      objectId: undefined,
      identityResourceId: undefined
    });
  });

  it.each([
    ['epoch seconds as a number', { expires_on: 1795348800 }, '2026-11-22T12:00:00.000Z'],
    ['epoch seconds with a fraction', { expires_on: '1795348800.0' }, '2026-11-22T12:00:00.000Z'],
    ['an ISO date', { expires_on: '2026-11-22T12:00:00Z' }, '2026-11-22T12:00:00.000Z'],
    ['a legacy App Service date', { expires_on: '11/22/2026 12:00:00 +00:00' }, '2026-11-22T12:00:00.000Z'],
    ['only expires_in, as a string', { expires_on: undefined, expires_in: '3600' }, '2026-11-21T13:00:00.000Z'],
    ['only expires_in, as a number', { expires_on: undefined, expires_in: 3599 }, '2026-11-21T12:59:59.000Z'],
    ['an unreadable expires_on with expires_in to fall back on', { expires_on: 'soon', expires_in: '60' }, '2026-11-21T12:01:00.000Z']
  ])('reads the expiry from %s', (_, overrides, iso) => {
    expect(parse(imdsTokenBody(token, overrides)).result?.expiresOn.toISOString()).toBe(iso);
  });

  it('defaults token_type to Bearer and keeps the selector echoes', () => {
    const { result } = parse(imdsTokenBody(token, { token_type: undefined, object_id: 'o', msi_res_id: '/r' }));
    expect(result).toMatchObject({ tokenType: 'Bearer', objectId: 'o', identityResourceId: '/r' });
  });

  it.each([
    ['an empty body', ''],
    ['truncated JSON', JSON.stringify(imdsTokenBody(token)).slice(0, 300)],
    ['plain text', 'OK']
  ])('refuses %s as not JSON, without quoting it', (_, body) => {
    const { error, masked } = parse(body);
    expect(error).toBe(`${WHERE} answered HTTP 200, but the body (${body.length} characters) is not JSON, so it holds no token.`);
    expect(masked).toEqual([]);
  });

  it('recognises an HTML page as a proxy answer', () => {
    expect(parse(PROXY_ERROR_PAGE).error).toContain(
      'is an HTML page, not JSON, so it holds no token. Something other than the managed identity endpoint answered.'
    );
  });

  it.each([
    ['no access_token', { token_type: 'Bearer', expires_in: '10' }, 'fields: token_type, expires_in'],
    ['a numeric access_token', { access_token: 42 }, 'fields: access_token'],
    ['an empty access_token', { access_token: '' }, 'fields: access_token'],
    ['a JSON array', [1, 2], 'no fields at all'],
    ['JSON null', null, 'no fields at all']
  ])('refuses %s', (_, body, fields) => {
    expect(parse(body).error).toBe(`${WHERE} answered HTTP 200, but the JSON body has no access_token string (${fields}).`);
  });

  it.each([
    ['missing', { expires_on: undefined, expires_in: undefined }, 'expires_on is missing and expires_in is missing'],
    [
      'garbage',
      { expires_on: 'tomorrow-ish', expires_in: 'a while' },
      'expires_on is a string that is neither a number nor a date and expires_in is a string that is neither a number nor a date'
    ],
    ['implausible', { expires_on: '17', expires_in: 0 }, 'expires_on is a number out of range and expires_in is a number out of range'],
    ['an empty string', { expires_on: ' ', expires_in: undefined }, 'expires_on is an empty string and expires_in is missing'],
    ['of the wrong type', { expires_on: { at: 1 }, expires_in: true }, 'expires_on is an object and expires_in is a boolean'],
    ['null', { expires_on: null, expires_in: [3600] }, 'expires_on is null and expires_in is an array']
  ])('refuses a token whose expiry is %s, masking the token first and never quoting it', (_, overrides, described) => {
    const { error, masked } = parse(imdsTokenBody(token, overrides));
    expect(masked).toEqual([token]);
    expect(error).toContain(`${WHERE} answered HTTP 200 with a token, but no readable expiry: ${described}`);
    expect(error).not.toContain(token.split('.')[1]);
  });
});

describe('describeErrorBody', () => {
  it.each([
    ['an IMDS error', JSON.stringify(IMDS_ERRORS.identityNotFound), 'invalid_request: Identity not found'],
    ['an error without description', '{"error":"server_error"}', 'server_error'],
    ['an ARM error', '{"error":{"code":"AuthorizationFailed","message":"No access."}}', 'AuthorizationFailed: No access.'],
    [
      'an App Service error',
      '{"statusCode":"500","message":"An unexpected error occured while fetching the AAD Token.","correlationId":"7d0c9763-ff1d-4842-a3f3-6d49e64f4513"}',
      'An unexpected error occured while fetching the AAD Token. (correlation ID 7d0c9763-ff1d-4842-a3f3-6d49e64f4513)'
    ],
    ['an HTML page', PROXY_ERROR_PAGE, 'an HTML page titled "ERROR: The requested URL could not be retrieved"'],
    ['plain text', 'connecting to 169.254.169.254:80: unreachable network.\n', 'connecting to 169.254.169.254:80: unreachable network.'],
    ['nothing', '', 'no error details']
  ])('shows %s in its own words', (_, body, shown) => {
    expect(describe_(body)).toBe(shown);
  });

  it('puts multi-line descriptions on one line and bounds them', () => {
    const shown = describe_(JSON.stringify(IMDS_ERRORS.unknownResource));
    expect(shown).not.toMatch(/[\r\n]/);
    const [words, ids] = shown.split(' (trace ID ');
    expect(words!.length).toBeLessThanOrEqual(300);
    expect(words).toMatch(/^invalid_resource: AADSTS500011: The resource principal named user.read was not found/);
    expect(words!.endsWith('...')).toBe(true);
    // Cut short or not, the IDs support asks for are kept, once.
    expect(ids).toBe(
      '2dff494a-0226-4f41-8859-d9f560ca8903, correlation ID 77145480-bc5a-4ebe-ae4d-e4a8b7d727cf, timestamp 2022-11-10 23:12:37Z)'
    );
  });

  it('never shows a body that carries a token, whatever the status', () => {
    const token = fakeJwt();
    expect(describe_(JSON.stringify(imdsTokenBody(token)))).toBe('a body with a token field (not shown)');
  });
});
