module.exports = {
  root: true,
  extends: ['eslint-config-salesforce-typescript'],
  parserOptions: {
    project: ['./tsconfig.json', './test/tsconfig.json'],
    tsconfigRootDir: __dirname,
  },
  ignorePatterns: ['lib/', 'node_modules/', 'bin/', '*.cjs', 'scripts/'],
};
