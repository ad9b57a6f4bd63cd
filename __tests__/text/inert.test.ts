import fc from 'fast-check';
import { bounded, HIDDEN, inert, loggable } from '../../src/text/inert.js';

describe('inert', () => {
  it.each([
    ['a\r\n::set-output name=x::y', 'a\\r\\n::set-output name=x::y'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['next\u0085line\u2028sep', 'next\\x85line\\u2028sep'],
    ['##[set-output name=x;]y', '##\\[set-output name=x;]y'],
    [{ a: 1 }, '{"a":1}']
  ])('makes %p safe to show: %p', (value, shown) => {
    expect(inert(value)).toBe(shown);
  });

  it('hides credentials by their shape, whoever they belong to', () => {
    expect(inert('Authorization: Bearer abc.def-ghi')).toBe(`Authorization: ${HIDDEN} ${HIDDEN}`);
    expect(inert('sent Bearer abc.def-ghi')).toBe(`sent Bearer ${HIDDEN}`);
    expect(inert('sent Bearer abcdefgh and Basic dXNlcjpw')).toBe(`sent Bearer ${HIDDEN} and Basic ${HIDDEN}`);
    // Prose about tokens is not a credential: Key Vault's "missing a Bearer or PoP token".
    expect(inert('Request is missing a Bearer or PoP token.')).toBe('Request is missing a Bearer or PoP token.');
    // Only a lower-case word is prose: a short mixed-case one after the scheme is hidden, in any case of the scheme.
    expect(inert('sent Bearer SeCrEtX; BASIC QWxhZGR')).toBe(`sent Bearer ${HIDDEN}; BASIC ${HIDDEN}`);
    expect(inert('access_token=opaque123&x=1')).toBe(`access_token=${HIDDEN}&x=1`);
    expect(inert('{"refresh_token": "xyz"}')).toBe(`{"refresh_token": "${HIDDEN}"}`);
    expect(inert('truncated eyJ0eXAiOiJKV1Qi')).toBe(`truncated ${HIDDEN}`);
  });

  it('never cuts inside a long token-like word: the runner masks whole values only', () => {
    const token = 'A'.repeat(400);
    expect(bounded(`said ${token} and more`, 100)).toBe('said ...');
    expect(bounded('x'.repeat(100), 50)).toBe('(100 characters, not shown)');
    expect(bounded('short words only, cut anywhere', 12)).toBe('short wor...');
  });

  it('leaves no control character and no command start in any text, and stays bounded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
        const shown = inert(text, 200);
        expect(shown.length).toBeLessThanOrEqual(200);
        // eslint-disable-next-line no-control-regex
        expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(shown).not.toContain('##[');
      })
    );
  });
});

describe('loggable', () => {
  it('keeps the action own line breaks and defuses command starts on every line', () => {
    expect(loggable('first\n::error::forged\n  ::warning::x\nplain')).toBe('first\n: :error::forged\n  : :warning::x\nplain');
  });
});
