// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = dirname(fileURLToPath(import.meta.url));

/**
 * renderer/ may import from renderer/ and, as types only, from main/ipc/ — judged on the
 * resolved path of a relative import, so a folder of the renderer that happens to be
 * called `handset` or `main` is not mistaken for the top-level one.
 */
const rendererBoundary = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = relative(repoRoot, resolve(dirname(context.filename), spec)).split(sep);
      if (target[0] === 'renderer') return;
      const typeOnly =
        node.importKind === 'type' ||
        (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
      if (target[0] === 'main' && target[1] === 'ipc' && typeOnly) return;
      context.report({
        node,
        message: `renderer/ imports nothing outside renderer/ but types from main/ipc/ (got ${target.join('/')}).`,
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (n) => check({ source: n.source }),
    };
  },
};

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
    plugins: { cimo: { rules: { 'renderer-boundary': rendererBoundary } } },
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
        },
      ],
      // Relative imports are checked by where they land, not by how they are spelled.
      'cimo/renderer-boundary': 'error',
    },
  },
);
