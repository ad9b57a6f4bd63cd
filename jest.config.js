// Jest in ESM mode (the toolkit packages are ESM-only): ts-jest with useESM, and
// NODE_OPTIONS=--experimental-vm-modules set by the npm scripts.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    // Type checking is `tsc --noEmit` (npm test runs it first); with isolatedModules in
    // tsconfig.json, ts-jest only transpiles, file by file.
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }]
  },
  // Sources import './x.js' (NodeNext); let Jest find the .ts file behind it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // No test may reach anything but loopback (see the file for why this is needed), and what a
  // test makes outside the clone with __fixtures__/cleanup.js is removed after it.
  setupFilesAfterEnv: ['<rootDir>/__fixtures__/loopback-only.ts', '<rootDir>/__fixtures__/cleanup-hooks.js'],
  // The run's own TMPDIR before any worker starts, and after the last test file the list of
  // whatever the tests left outside the clone: the run fails with it (see the files).
  globalSetup: '<rootDir>/__fixtures__/suite-start.js',
  globalTeardown: '<rootDir>/__fixtures__/suite-end.js',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  collectCoverageFrom: ['src/**/*.ts'],
  testTimeout: 30_000
};
