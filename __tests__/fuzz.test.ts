/**
 * Property-based tests (fast-check): whatever the inputs and whatever an endpoint answers, the
 * action either gets a well-formed result or fails with its own explained error — never a crash,
 * a hang, or a message that quotes a token.
 */
import fc from 'fast-check';
import nock from 'nock';
import { tokenContext } from '../__fixtures__/context.js';
import { isolateNetwork } from '../__fixtures__/nock.js';
import { IMDS, IMDS_TOKEN_PATH } from '../__fixtures__/vm.js';
import { describeErrorBody } from '../src/http/answers.js';
import { Secrets } from '../src/text/secrets.js';
import { ActionError } from '../src/text/errors.js';
import { readInputs } from '../src/inputs.js';
import { SOURCE_CHOICES as SOURCES } from '../src/sources/table.js';
import { imdsTokenEndpoint } from '../src/sources/imds.js';
import { requestToken } from '../src/token/request.js';
import { parseTokenBody } from '../src/token/response.js';

isolateNetwork();

const INPUTS = [
  'resource',
  'client-id',
  'object-id',
  'identity-resource-id',
  'source',
  'endpoint',
  'export-variable',
  'timeout-seconds',
  'verify',
  'job-summary',
  'arm-endpoint',
  'tenant-id'
];
const VALID: Record<string, string[]> = {
  resource: ['https://vault.azure.net', 'https://management.azure.com/.default', '6e8b8c3a-1f2d-4c5b-9a7e-0123456789ab'],
  'client-id': ['6e8b8c3a-1f2d-4c5b-9a7e-0123456789ab'],
  'object-id': ['6E8B8C3A-1F2D-4C5B-9A7E-0123456789AB'],
  'identity-resource-id': [
    '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id'
  ],
  source: [...SOURCES],
  endpoint: ['http://localhost:50342', 'https://imds.example.test/base/'],
  'export-variable': ['AZURE_TOKEN'],
  'timeout-seconds': ['1', '90', '0.5'],
  verify: ['true', 'False'],
  'job-summary': ['TRUE', 'false'],
  'arm-endpoint': ['https://management.usgovcloudapi.net'],
  'tenant-id': ['contoso.onmicrosoft.com']
};

/** Valid values, their near misses (one character changed, added or cut), and arbitrary text. */
const inputValue = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...VALID[name]!), weight: 6 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...VALID[name]!), fc.nat(), fc.string({ maxLength: 2 })).map(([value, at, insert]) => {
        const i = at % (value.length + 1);
        return value.slice(0, i) + insert + value.slice(i + 1);
      }),
      weight: 2
    },
    { arbitrary: fc.string({ maxLength: 120 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 }
  );
/** Most inputs are left empty in a real workflow: each one is set a third of the time. */
const inputs = fc.record(Object.fromEntries(INPUTS.map((name) => [name, fc.option(inputValue(name), { nil: undefined, freq: 2 })])));

describe('input parsing', () => {
  it('turns any inputs into a valid request or an error naming each bad input', () => {
    let successes = 0;
    fc.assert(
      fc.property(inputs, (given) => {
        const values = given as Record<string, string>;
        let parsed;
        try {
          parsed = readInputs((name) => values[name] ?? '');
        } catch (error) {
          expect(error).toBeInstanceOf(ActionError);
          for (const line of (error as Error).message.split('\n')) {
            const named = /^Inputs? '([a-z-]+)'/.exec(line)?.[1];
            expect(named).toBeDefined();
            expect(INPUTS).toContain(named);
            expect(values[named!]?.trim()).toBeTruthy();
          }
          return;
        }
        successes++;
        expect(parsed.resource).toMatch(/^\S+$/);
        expect(parsed.timeoutSeconds).toBeGreaterThan(0);
        expect(parsed.timeoutSeconds).toBeLessThanOrEqual(3600);
        expect(SOURCES).toContain(parsed.source);
        if (parsed.endpoint) expect(URL.canParse(parsed.endpoint)).toBe(true);
        if (parsed.armEndpoint) expect(parsed.armEndpoint).toMatch(/^https:\/\//);
        if (parsed.exportVariable) expect(parsed.exportVariable).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      }),
      { numRuns: 2000 }
    );
    // Valid combinations must come up often enough for the invariants above to be tested.
    expect(successes).toBeGreaterThan(100);
  });
});

/** A token-looking secret that would stand out anywhere it leaked. */
const secret = fc.stringMatching(/^[A-Za-z0-9_-]{24,64}$/).map((s) => `eyJ${s}`);
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 })
);
/** Bodies shaped like token answers, with every field possibly missing or of any type. */
const tokenLikeBody = fc
  .record(
    {
      access_token: fc.oneof(secret, anyValue),
      expires_on: fc.oneof(
        fc.integer({ min: 0, max: 9_999_999_999 }).map(String),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        anyValue
      ),
      expires_in: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.integer().map(String), anyValue),
      token_type: anyValue,
      resource: anyValue
    },
    { requiredKeys: [] }
  )
  .map((fields) => JSON.stringify(fields));
const anyBody = fc.oneof(
  tokenLikeBody,
  fc.json(),
  fc.string({ maxLength: 300 }),
  tokenLikeBody.map((body) => body.slice(0, body.length / 2))
);

const tokenIn = (body: string): string | undefined => {
  try {
    const value = (JSON.parse(body) as Record<string, unknown>)?.['access_token'];
    return typeof value === 'string' && value.length >= 8 ? value : undefined;
  } catch {
    return undefined;
  }
};

describe('response parsing', () => {
  it('reads any 200 body into a token with a real expiry, or a clean error that never quotes the token', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const masked: string[] = [];
        const token = tokenIn(body);
        try {
          const parsed = parseTokenBody(body, Date.UTC(2026, 10, 21), { where: 'IMDS (x)', proxyHint: 'hint' }, (value) =>
            masked.push(value)
          );
          expect(typeof parsed.accessToken).toBe('string');
          expect(parsed.accessToken.length).toBeGreaterThan(0);
          expect(Number.isFinite(parsed.expiresOn.getTime())).toBe(true);
          expect(masked).toEqual([parsed.accessToken]);
        } catch (error) {
          expect(error).toBeInstanceOf(ActionError);
          if (token) {
            expect((error as Error).message).not.toContain(token);
            expect(masked).toEqual([token]);
          }
        }
      }),
      { numRuns: 3000 }
    );
  });

  it('describes any error body on one bounded line, never showing a token', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const shown = describeErrorBody({ body, headers: {} }, new Secrets());
        expect(shown.length).toBeLessThanOrEqual(300);
        expect(shown).not.toMatch(/[\r\n]/);
        const token = tokenIn(body);
        if (token) expect(shown).not.toContain(token);
      }),
      { numRuns: 3000 }
    );
  });

  it('ends any exchange with an endpoint in a token or an explained failure, quickly and without quoting a token', async () => {
    const statuses = fc.constantFrom(200, 200, 200, 301, 400, 401, 403, 404, 407, 410, 429, 500, 503);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(statuses, anyBody), { minLength: 1, maxLength: 4 }), async (answers) => {
        nock.cleanAll();
        const scope = nock(IMDS).get(IMDS_TOKEN_PATH).query(true);
        for (const [status, body] of answers) scope.reply(status, body);
        nock(IMDS).get(IMDS_TOKEN_PATH).query(true).times(20).reply(503, 'still failing');
        const ctx = tokenContext({ timeoutSeconds: 20 });
        const started = Date.now();
        try {
          const token = await requestToken(
            imdsTokenEndpoint({ resource: 'https://management.azure.com/', identity: undefined, endpoint: undefined }),
            ctx
          );
          expect(ctx.masked).toContain(token.token);
        } catch (error) {
          expect(error).toBeInstanceOf(ActionError);
          for (const [, body] of answers) {
            const token = tokenIn(body);
            if (token) expect((error as Error).message).not.toContain(token);
          }
        }
        expect(Date.now() - started).toBeLessThan(2000);
        for (const line of ctx.lines.map((l) => l.message)) {
          for (const [, body] of answers) {
            const token = tokenIn(body);
            if (token) expect(line).not.toContain(token);
          }
        }
      }),
      { numRuns: 150 }
    );
  });
});
