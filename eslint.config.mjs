import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { playbookBoundaries } from './toolchain/lint/playbook-boundaries.mjs';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.scratch/',
      '.worktrees/',
      'dist/',
      'data/',
      'db/generated/',
      'coverage/',
      'test-output/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Workflow code is replayed deterministically inside the SDK's sandbox: no I/O,
    // no database, no activity implementations (only their types).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((name) => [
            { name, message: 'Workflow code must not do I/O; put it in an activity.' },
            { name: `node:${name}`, message: 'Workflow code must not do I/O; put it in an activity.' },
          ]),
          patterns: [
            {
              group: ['@prisma/*', '**/db/**', 'pg', '@electric-sql/*'],
              message: 'Workflows must not touch the database; call an activity.',
            },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'Workflows import only @temporalio/workflow.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: "Workflows import only the type of their playbook's activity factory, with `import type`.",
            },
          ],
        },
      ],
    },
  },
  {
    // One folder per playbook in every layer: a playbook's code imports its own folders and the shared ones, never another playbook's.
    files: ['{api,activities,workflows,domain}/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    plugins: { baton: { rules: { 'playbook-boundaries': playbookBoundaries } } },
    rules: { 'baton/playbook-boundaries': 'error' },
  },
  {
    // The web board runs in browsers: DOM globals, and React's rules of hooks.
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
