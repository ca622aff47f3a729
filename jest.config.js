/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // jose ships only ES modules; Node loads them natively, jest's module system needs them as CommonJS.
    '/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFiles: ['<rootDir>/test/helpers/quiet-temporal-runtime.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Helper worktrees and scratch clones hold whole copies of the project.
  modulePathIgnorePatterns: ['<rootDir>/.worktrees/', '<rootDir>/.scratch/'],
};

module.exports = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/helpers/plain-summary-reporter.js'],
  // Temporal servers and workers need room on a 2-core machine.
  maxWorkers: 2,
  // Integration suites start real servers in their hooks; per-project timeouts are not honoured by jest.
  testTimeout: 120_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...shared, displayName: 'workflow', testMatch: ['<rootDir>/test/workflow/**/*.test.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    // The web board in headless Chromium against a real stack; its setup builds the board when stale.
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
    },
  ],
};
