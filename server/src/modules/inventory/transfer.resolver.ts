import { Arg, Ctx, Extensions, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { graphqlEnum } from '../../graphql/enum.js';
import { MAX_TEXT_EXTENSION } from '../../graphql/input-limits.js';
import { toGlobalId } from '../../shared/ids.js';
import { Warning } from '../../graphql/types/warning.type.js';
import { countsOf, IMPORT_STATUSES, type ImportStatus } from './engine/inventory.service.js';
import { parseImport, TRANSFER_FORMATS, type TransferFormat } from './transfer.js';

export const TransferFormatEnum = graphqlEnum(TRANSFER_FORMATS, { name: 'TransferFormat' });

export const ImportStatusEnum = graphqlEnum(IMPORT_STATUSES, { name: 'ImportStatus' });

@InputType()
export class ImportInventoryInput {
  @Field(() => String, { description: 'The inventory type, e.g. `Server`.' })
  type!: string;

  @Field(() => TransferFormatEnum)
  format!: TransferFormat;

  // The file may be longer than other text: the import bounds it by MAX_IMPORT_BYTES.
  @Extensions({ [MAX_TEXT_EXTENSION]: Number.POSITIVE_INFINITY })
  @Field(() => String, {
    description:
      'CSV with a header of field names (nested as `os.base`, lists separated by `;`), or a JSON list of objects shaped like the create input. ' +
      'A row changes only the fields it carries: a column absent from the file (a key absent from a JSON object) leaves that field as it is; ' +
      'an empty cell (JSON `null`) clears it. A new item needs its required fields.',
  })
  data!: string;
}

@ObjectType()
export class ImportFieldError {
  @Field(() => String, { description: 'e.g. `rows.12.ipv4Private`.' })
  path!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class ImportRow {
  @Field(() => Int, { description: '1-based, not counting the CSV header.' })
  row!: number;

  @Field(() => ImportStatusEnum)
  status!: ImportStatus;

  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field(() => [ImportFieldError])
  errors!: ImportFieldError[];

  @Field(() => [Warning], { description: 'Accepted, but worth a look: e.g. `rows.12.ipv4Private` held by another server of the same owner, in the file or already there.' })
  warnings!: Warning[];
}

@ObjectType({ description: 'An import: the actor of every change it made (filter activity by its id as `runId`).' })
export class ImportInfo {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Numbered across the stack: import #12.' })
  number!: number;

  @Field(() => String, { description: 'e.g. `import #12`.' })
  name!: string;
}

@ObjectType()
export class ImportResult {
  @Field(() => ImportInfo)
  import!: ImportInfo;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int, { description: 'Values kept because their field is locked against imports (see each row’s KEPT_BY_LOCK warnings).' })
  keptByLock!: number;

  @Field(() => [ImportRow])
  rows!: ImportRow[];
}

@Resolver()
export class TransferResolver {
  @Mutation(() => ImportResult, {
    description:
      'Imports items into your workspace. Idempotent: a row whose item exists (same name or hostname) updates only the fields the row carries, or changes nothing; ' +
      'importing the same file twice changes nothing the second time, and two imports of one file at once create each item once. ' +
      'Fields locked against automated sources are kept (a KEPT_BY_LOCK warning). Rows with errors are reported and skipped.',
  })
  async importInventory(@Arg('input', () => ImportInventoryInput) input: ImportInventoryInput, @Ctx() ctx: GraphQLContext): Promise<ImportResult> {
    const scope = await ctx.auth.scope();
    const { def } = ctx.services.inventory.info(input.type, 'input.type');
    const { rows, problems } = parseImport(def, input.format, input.data, ctx.services.limits.maxImportBytes);
    const { rows: results, record } = await ctx.services.inventory.importRows(scope, def.type, rows, problems, { format: input.format });
    return Object.assign(new ImportResult(), {
      import: Object.assign(new ImportInfo(), { id: toGlobalId('Import', record!._id), number: record!.number, name: `import #${record!.number}` }),
      ...countsOf(results),
      keptByLock: results.reduce((n, r) => n + r.warnings.filter((w) => w.code === 'KEPT_BY_LOCK').length, 0),
      rows: results.map((r) =>
        Object.assign(new ImportRow(), {
          row: r.row,
          status: r.status,
          id: r.doc ? toGlobalId(r.doc.type, r.doc._id) : null,
          errors: r.errors.map((e) => Object.assign(new ImportFieldError(), e)),
          warnings: r.warnings.map((w) => Object.assign(new Warning(), w)),
        }),
      ),
    });
  }
}
