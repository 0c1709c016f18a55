import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [
    // type-graphql reads decorator metadata, which esbuild does not emit.
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        target: 'es2023',
      },
    }),
  ],
  resolve: {
    // One graphql module for everything, or schemas fail across "realms".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: [
      'server/**/*.spec.ts',
      'workers/**/*.spec.ts',
      'test/**/*.spec.ts',
      'web/**/*.spec.ts',
      'web/**/*.e2e.ts',
    ],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // A passing test prints nothing; the console output of a failing one is shown with it.
    silent: 'passed-only',
  },
});
