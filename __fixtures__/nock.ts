/**
 * nock set-up shared by the unit tests: no real network, nothing left over between tests, and
 * nock's socket patches removed after each test file (left in place, they outlive the file in a
 * shared Jest worker and pass the next file's requests through to the real network).
 */
import nock from 'nock';

export function isolateNetwork({ allowLoopback = false } = {}): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    if (allowLoopback) nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}

export const refused = (host: string): Error => Object.assign(new Error(`connect ECONNREFUSED ${host}`), { code: 'ECONNREFUSED' });
