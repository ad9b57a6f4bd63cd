// @ts-check
/**
 * Jest set-up for every test file: what cleanup.js's helpers made is removed after each test
 * and after the file's tests, also when a test failed or timed out (Jest runs these hooks then
 * too). Declared here, at the top of every file, they run for every test in it.
 */
import { fileIsConcurrent, installRegistry, testStarts, undoDeferred } from './cleanup.js';

installRegistry();
beforeEach(() => testStarts());
afterEach(() => undoDeferred('test'));
afterAll(() => undoDeferred('file'));

// test.concurrent (it is the same function) and its variants (.each, .only, ...): noticed when
// the file declares them, before any test runs.
const concurrent = test.concurrent;
test.concurrent = new Proxy(concurrent, {
  apply(target, self, args) {
    fileIsConcurrent();
    return Reflect.apply(target, self, args);
  },
  get(target, property, receiver) {
    fileIsConcurrent();
    return Reflect.get(target, property, receiver);
  }
});
