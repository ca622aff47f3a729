/**
 * The real-cluster suite (`npm run test:cluster`): Baton's processes against a real Temporal server
 * on Postgres, several minutes long, so it runs on its own (CI runs it) rather than in `npm test`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

const { displayName: _name, testMatch: _match, ...shared } = base.projects.find((p) => p.displayName === 'integration');

module.exports = {
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: base.globalTeardown,
  // One suite at a time: each starts its own server, workers and API replicas on a 2-core machine.
  maxWorkers: 1,
  testTimeout: 600_000,
  projects: [{ ...shared, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.test.ts'] }],
};
