// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'artifacts/**', 'samples/**', '.tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // protocol/ is pure: nothing of ours, nothing from Node, no I/O.
    files: ['protocol/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'protocol/ must not import Node modules.',
          })),
          patterns: [
            {
              group: [
                '**/native-bridge/**',
                '**/main/**',
                '**/handset/**',
                '**/renderer/**',
                '**/test/**',
              ],
              message: 'protocol/ imports nothing of ours outside protocol/.',
            },
          ],
        },
      ],
    },
  },
  {
    // renderer/ imports nothing but renderer/ and types from main/ipc/.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a browser.' })),
            { name: 'electron', message: 'renderer/ talks only through the contract API.' },
            { name: 'usb', message: 'renderer/ talks only through the contract API.' },
            { name: 'serialport', message: 'renderer/ talks only through the contract API.' },
          ],
          patterns: [
            {
              group: ['**/main/ipc/*'],
              allowTypeImports: true,
              message: 'Only types from main/ipc/.',
            },
            {
              group: [
                '**/main/**',
                '!**/main/ipc/**',
                '**/native-bridge/**',
                '**/protocol/**',
                '**/handset/**',
              ],
              message: 'renderer/ imports nothing outside renderer/ but types from main/ipc/.',
            },
          ],
        },
      ],
    },
  },
);
