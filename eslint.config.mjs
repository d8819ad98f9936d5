import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'build-cmake/',
      'build-asan/',
      'node_modules/',
      'course/bin/',
      'corpus/bin/',
      'bench/bin/',
      'docs/api/',
      'build-prebuild/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // C names are the point of this package: sockaddr_in, sin_port, h_errno.
      camelcase: 'off',
    },
  },
  {
    // The corpus's and the course's ports declare their variables at the top and assign them
    // later, as the C programs they port line for line do.
    files: ['corpus/**/*.ts', 'course/**/*.ts'],
    rules: { 'prefer-const': 'off' },
  },
);
