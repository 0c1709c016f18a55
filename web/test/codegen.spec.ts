import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { preset as clientPreset } from '@graphql-codegen/client-preset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const committedDir = join(repoRoot, 'web', 'src', 'gql');
const STALE = 'web/src/gql is out of date with schema/ — run `npm run codegen` and commit the result';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('generated GraphQL documents (web/src/gql)', () => {
  let outDir = '';

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'maestro-codegen-'));
    const { config } = await loadCodegenConfig({ configFilePath: join(repoRoot, 'codegen.yml') });
    const targets = Object.entries(config.generates);
    expect(targets.map(([path]) => path), 'codegen.yml should generate web/src/gql/ only').toEqual(['web/src/gql/']);
    const [, output] = targets[0] ?? [];
    if (output === undefined || Array.isArray(output) || typeof output !== 'object' || output.preset !== 'client') {
      throw new Error('codegen.yml should generate web/src/gql/ with the client preset');
    }
    // The preset is passed as a module, not by name: under the test runner a name can resolve
    // to the older copy nested inside @graphql-codegen/cli, unlike `npm run codegen`.
    // Two copies of the codegen helper types exist in node_modules, hence the cast; the shapes match.
    const preset = clientPreset as unknown as NonNullable<typeof output.preset>;
    const target = { ...output, preset };
    await generate({ ...config, cwd: repoRoot, silent: true, verbose: false, watch: false, generates: { [`${outDir}/`]: target } }, true);
  }, 60_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('has the same files as the committed ones', async () => {
    expect(await listFiles(committedDir), STALE).toEqual(await listFiles(outDir));
  });

  it('has the same content as the committed files', async () => {
    for (const file of await listFiles(outDir)) {
      const generated = await readFile(join(outDir, file), 'utf8');
      const committed = await readFile(join(committedDir, file), 'utf8').catch(() => '');
      expect(committed, `${STALE} (${file} differs)`).toBe(generated);
    }
  });
});
