/* eslint-disable no-control-regex -- finding control characters is what these checks are for */
/**
 * Property-based tests of hostile answers (fast-check): for any answer body, headers and token
 * claims, no line the action prints starts a workflow command it did not mean, no output holds a
 * control character, the summary holds no Markdown or HTML from outside, and the process ends by
 * timeout-seconds + 1 s. Many cases run in-process through `run()` with the fake core and a fake
 * `send`; a few dozen run the bundle end to end against a scripted loopback server.
 * Also here, with the injected clock: how many requests a permanent 429 or 5xx costs over the
 * default 90 s, and how long a pathological error body takes to describe.
 */
import fc from 'fast-check';
import { fakeClock } from '../__fixtures__/clock.js';
import { type FakeCore, withInputs } from '../__fixtures__/core.js';
import {
  armVm,
  commandProblems,
  fileProblems,
  imdsAnswer,
  instanceMetadata,
  markupProblems,
  reply,
  runHostile,
  startScripted,
  unsignedJwt
} from '../__fixtures__/hostile.js';
import type { HttpRequest, HttpResponse, Send } from '../src/http/send.js';
import { run } from '../src/main.js';

const PIECES = [
  '\r\n',
  '\n',
  '\r',
  '::set-output name=pwned::1',
  '::add-mask::pwned',
  '::stop-commands::pwned',
  '::error::pwned',
  '::warning file=x::pwned',
  '##[set-output name=pwned;]1',
  '##[error]pwned',
  '\u001b[31m',
  '\u001b]0;pwned\u0007',
  '\u009b31m',
  '\u0085',
  '\u2028',
  '\u0000',
  '\u007f',
  '[x](https://evil.example)',
  '![i](https://evil.example/i.png)',
  '<img src=x onerror=alert(1)>',
  '<script>pwned</script>',
  '# H',
  '%0A::set-output name=pwned::1',
  ' ',
  'x'
];
const MARKERS = ['pwned', 'evil.example', '<img', '<script', '# H'];

/** Command syntax, control characters and markup mixed with arbitrary text. */
const hostile = fc.oneof(
  {
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 })
      .map((p) => p.join('')),
    weight: 4
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.constantFrom('Bearer', '00000000-0000-0000-0001-000000000000', 'https://management.azure.com/'), weight: 1 }
);
/** Header values travel on one line: no CR, LF or NUL. */
const headerValue = hostile.map((value) => value.replace(/[\r\n\0]/g, ' '));
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq: 3 });
const defined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

const claims = fc
  .record({ tid: maybe(hostile), appid: maybe(hostile), oid: maybe(hostile), xms_mirid: maybe(hostile), aud: maybe(hostile) })
  .map(defined);

type Answer = { status: number; body: string; headers: Record<string, string> };
const json = (value: unknown): string => JSON.stringify(value);

/** A token answer: a 200 with hostile fields (and a token with hostile claims), or an error. */
const tokenAnswer: fc.Arbitrary<Answer> = fc.oneof(
  fc
    .record({
      claims,
      fields: fc
        .record({
          token_type: maybe(hostile),
          resource: maybe(hostile),
          client_id: maybe(hostile),
          object_id: maybe(hostile),
          msi_res_id: maybe(hostile)
        })
        .map(defined),
      nameIsToken: fc.boolean()
    })
    .map(({ claims, fields, nameIsToken }) => {
      const token = unsignedJwt(claims, 64);
      return { status: 200, body: json(nameIsToken ? { [token]: 'x' } : imdsAnswer(token, fields)), headers: {} };
    }),
  fc
    .record({
      status: fc.constantFrom(400, 401, 403, 404, 410, 429, 500, 502, 503, 302, 307),
      kind: fc.constantFrom('entra', 'arm', 'appservice', 'html', 'text'),
      text: hostile,
      other: hostile,
      retryAfter: maybe(headerValue),
      location: maybe(headerValue),
      via: maybe(headerValue)
    })
    .map(({ status, kind, text, other, retryAfter, location, via }) => ({
      status,
      body:
        kind === 'entra'
          ? json({ error: other, error_description: text, correlation_id: other })
          : kind === 'arm'
            ? json({ error: { code: other, message: text } })
            : kind === 'appservice'
              ? json({ statusCode: status, message: text, correlationId: other })
              : kind === 'html'
                ? `<html><head><title>${text}</title></head><body>${other}</body></html>`
                : text,
      headers: defined({
        'Content-Type': kind === 'html' ? 'text/html' : kind === 'text' ? 'text/plain' : 'application/json',
        'Retry-After': retryAfter,
        Location: location,
        Via: via
      }) as Record<string, string>
    }))
);

const metadata = fc
  .record({
    name: maybe(hostile),
    location: maybe(hostile),
    resourceId: maybe(hostile),
    vmId: maybe(hostile),
    subscriptionId: maybe(hostile),
    resourceGroupName: maybe(hostile),
    azEnvironment: maybe(fc.oneof(hostile, fc.constantFrom('__proto__', 'constructor', 'toString')))
  })
  .map((fields) => json(instanceMetadata(defined(fields))));
const vmRecord = fc
  .record({ name: maybe(hostile), location: maybe(hostile), id: maybe(hostile), vmId: maybe(hostile) })
  .map(({ vmId, ...fields }) => json(armVm({ ...defined(fields), ...(vmId === undefined ? {} : { properties: { vmId } }) })));

const world = fc.record({
  answers: fc.array(tokenAnswer, { minLength: 1, maxLength: 3 }),
  metadata,
  vm: fc.oneof(
    vmRecord.map((body) => ({ status: 200, body, headers: {} })),
    tokenAnswer
  ),
  verify: fc.boolean()
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

/** Every access_token string the answers hold: the only values the action may mask. */
function secretsOf({ answers, vm }: World): string[] {
  return [...answers, vm].flatMap(({ body }) => {
    try {
      const value: unknown = JSON.parse(body);
      const token = (value as Record<string, unknown>)?.['access_token'];
      return typeof token === 'string' ? [token] : [];
    } catch {
      return [];
    }
  });
}

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const CONTROL_IN_ESCAPED = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** What the fake core recorded, judged as the runner would read it. */
function coreProblems(core: FakeCore, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  for (const call of core.calls) {
    const show = JSON.stringify(call).slice(0, 200);
    if (call.fn === 'info') {
      // info is written as is: every line of it is a line of the log.
      for (const line of call.value.split(/\r\n|\r|\n/)) {
        if (line.trimStart().startsWith('::')) problems.push(`info line starts a command: ${show}`);
        if (line.includes('##[')) problems.push(`info holds ##[: ${show}`);
        if (CONTROL.test(line)) problems.push(`info holds a control character: ${show}`);
      }
    } else if (call.fn === 'warning' || call.fn === 'debug' || call.fn === 'setFailed') {
      // These become ::command::, with CR and LF escaped by the toolkit; the rest goes through.
      if (call.value.includes('##[')) problems.push(`${call.fn} holds ##[: ${show}`);
      if (CONTROL_IN_ESCAPED.test(call.value)) problems.push(`${call.fn} holds a control character: ${show}`);
    } else if (call.fn === 'setSecret') {
      if (!secrets.includes(call.value)) problems.push(`masks a value that is no secret it holds: ${show}`);
    } else if (call.fn === 'setOutput' || call.fn === 'exportVariable') {
      if (/[\x00-\x1f\x7f-\x9f]/.test(call.value)) problems.push(`${call.fn} ${call.name} holds a control character: ${show}`);
      if (call.fn === 'setOutput' && call.name === 'pwned') problems.push(`sets an output it did not mean: ${show}`);
    }
  }
  if (CONTROL.test(core.summaryText()))
    problems.push(`summary holds a control character: ${JSON.stringify(core.summaryText()).slice(0, 200)}`);
  problems.push(...markupProblems(core.summaryText(), MARKERS));
  return problems;
}

/** A fake `send` playing IMDS (token and instance metadata) and ARM from a generated world. */
function fakeSend(w: World): { send: Send; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  let tokenCalls = 0;
  const send: Send = async (request) => {
    requests.push(request);
    const answer =
      request.url.pathname === '/metadata/identity/oauth2/token'
        ? w.answers[Math.min(tokenCalls++, w.answers.length - 1)]!
        : request.url.pathname === '/metadata/instance/compute'
          ? { status: 200, body: w.metadata, headers: {} }
          : w.vm;
    const headers = Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value]));
    return { status: answer.status, headers, body: answer.body } satisfies HttpResponse;
  };
  return { send, requests };
}

const INPUTS = { source: 'imds', endpoint: 'http://127.0.0.1:9', 'arm-endpoint': 'https://127.0.0.1:8', 'timeout-seconds': '20' };

describe('any hostile answer, in-process through run()', () => {
  it('never makes the runner obey a command, puts a control character in an output or markup in the summary', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const core = withInputs({ ...INPUTS, verify: String(w.verify) });
        await run(core, { send: fakeSend(w).send, clock: fakeClock(), env: {}, platform: 'linux' });
        expect(coreProblems(core, secretsOf(w))).toEqual([]);
      }),
      { numRuns: 300 }
    );
  });
});

describe('any hostile answer, end to end on the bundle', () => {
  it('never makes the runner obey a command, and the process ends by timeout-seconds + 1 s', async () => {
    let current: World | undefined;
    let tokenCalls = 0;
    const send = (response: Parameters<typeof reply>[0], answer: Answer) => reply(response, answer.status, answer.body, answer.headers);
    const imds = await startScripted({
      handler: (_, response, seen) => {
        if (!current) return reply(response, 500, '{}');
        if (seen.path === '/metadata/instance/compute') return reply(response, 200, current.metadata);
        send(response, current.answers[Math.min(tokenCalls++, current.answers.length - 1)]!);
      }
    });
    const arm = await startScripted({
      tls: true,
      handler: (_, response) => (current ? send(response, current.vm) : reply(response, 500, '{}'))
    });
    try {
      await fc.assert(
        fc.asyncProperty(world, async (w) => {
          current = w;
          tokenCalls = 0;
          const result = await runHostile({
            inputs: { source: 'imds', endpoint: imds.url, 'arm-endpoint': arm.url, 'timeout-seconds': '2', verify: String(w.verify) },
            killAfterMs: 10_000
          });
          expect(commandProblems(result, secretsOf(w))).toEqual([]);
          expect(fileProblems(result)).toEqual([]);
          expect(markupProblems(result.summary, MARKERS)).toEqual([]);
          expect(result.signal).toBeNull();
          expect(Math.round(result.durationMs)).toBeLessThanOrEqual(3000);
        }),
        { numRuns: 25, endOnFailure: true }
      );
    } finally {
      await Promise.all([imds.close(), arm.close()]);
    }
  }, 120_000);
});

describe('7. retries stay polite (injected clock, default timeout-seconds)', () => {
  it.each([
    ['429 with Retry-After: 0', 429, { 'retry-after': '0' }],
    ['429 with Retry-After: 1', 429, { 'retry-after': '1' }],
    ['429 without Retry-After', 429, {}],
    ['503', 503, {}],
    ['500 with Retry-After: 0', 500, { 'retry-after': '0' }]
  ])('a permanent %s costs at most ~25 requests over 90 s, the first retry after at least 1 s', async (_, status, headers) => {
    const clock = fakeClock();
    let requests = 0;
    const send: Send = async () => {
      requests++;
      return { status, headers, body: '{"error":"too_many_requests","error_description":"IMDS Throttle limit reached."}' };
    };
    const core = withInputs({ source: 'imds' });
    await run(core, { send, clock, env: {}, platform: 'linux' });
    expect(core.failure()).toBeDefined();
    expect(requests).toBeLessThanOrEqual(25);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    ['"<title" repeated', `<html><head>${'<title'.repeat(Math.floor((256 * 1024 - 12) / 6))}`],
    ['"<title>" never closed', `<html><head>${'<title>x'.repeat(Math.floor((256 * 1024 - 12) / 8))}`],
    ['"<" repeated', `<html>${'<'.repeat(256 * 1024 - 6)}`]
  ])('an error body of 256 KiB of %s is described in well under a second', async (_, body) => {
    const send: Send = async () => ({ status: 400, headers: { 'content-type': 'text/html' }, body });
    const core = withInputs({ source: 'imds' });
    const started = performance.now();
    await run(core, { send, clock: fakeClock(), env: {}, platform: 'linux' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(core.failure()).toBeDefined();
  });
});
