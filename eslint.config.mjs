// @ts-check
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** File names are kebab-case (`audit-sync.ts`), with dotted suffixes allowed (`x.test.ts`). */
const fileNames = {
  rules: {
    'kebab-case': {
      meta: { type: 'suggestion', schema: [], messages: { name: 'File name "{{name}}" is not kebab-case.' } },
      create(context) {
        return {
          Program(node) {
            const name = path.basename(context.filename);
            if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/.test(name)) {
              context.report({ node, messageId: 'name', data: { name } });
            }
          },
        };
      },
    },
  },
};

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url'];
const mainOnlyPackages = ['electron', 'electron-log', 'electron-log/*', 'better-sqlite3', 'keytar', 'axios'];

const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message:
    'Raw IPC lives only in main/electron/ipc-adapter.ts and preload/index.ts: add a call to shared/ipc/contract.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'release/',
      '.cache/',
      '.tools/',
      'coverage/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { files: fileNames },
    rules: {
      'files/kebab-case': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
          message: 'Push events go through createPushSender in main/electron/ipc-adapter.ts.',
        },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...mainOnlyPackages].map((name) => ({
            name,
            message:
              'The renderer knows nothing of Node, Electron or the network: ask main through window.opp.',
          })),
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '**/test/**'],
              message: 'The renderer imports only shared/.',
            },
            { group: ['node:*'], message: 'The renderer knows nothing of Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...mainOnlyPackages, 'react', 'react-dom'].map((name) => ({
            name,
            message: 'shared/ is pure: no Node, Electron or React.',
          })),
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/test/**'],
              message: 'shared/ imports nothing of the other three.',
            },
            { group: ['node:*'], message: 'shared/ is pure: no Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            rawIpc,
            {
              name: 'electron',
              allowTypeImports: true,
              message:
                'Services do not import electron: take what you need through the constructor (main/compose.ts).',
            },
          ],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**'],
              message: 'main never imports renderer or preload.',
            },
          ],
        },
      ],
    },
  },
  {
    // The Electron entry takes values from `electron` and hands them to the adapters; ipcMain
    // only passes through it to the IPC adapter.
    files: ['main/index.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['main/electron/ipc-adapter.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', allowTypeImports: true, message: 'Take Electron objects as parameters.' },
          ],
        },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['preload/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'The preload imports only shared/ and electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**', 'scripts/**', 'bench/**', '*.config.ts', '*.config.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['*.config.ts', '*.config.mjs', 'eslint.config.mjs', 'test/**/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**'],
    rules: {
      // Tests reach into stubs and fakes; unsafe-* noise there hides nothing of value.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
