module.exports = {
  root: true,
  extends: ['eslint-config-salesforce-typescript', 'plugin:sf-plugin/recommended'],
  parserOptions: {
    project: ['./tsconfig.json', './test/tsconfig.json'],
    tsconfigRootDir: __dirname,
  },
  ignorePatterns: ['lib/', 'node_modules/', 'bin/', '*.cjs', 'scripts/'],
  rules: {
    // `const { omitted, ...rest } = value` is how the code drops one key from a copy; the omitted
    // name is unused by design. Every other unused variable is still an error.
    '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
  },
};
