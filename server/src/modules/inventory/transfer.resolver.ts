import { Arg, Ctx, Extensions, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { graphqlEnum } from '../../graphql/enum.js';
import { MAX_TEXT_EXTENSION } from '../../graphql/input-limits.js';
import { toGlobalId } from '../../shared/ids.js';
import { Warning } from '../../graphql/types/warning.type.js';
import { IMPORT_STATUSES, type ImportStatus } from './engine/inventory.service.js';
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
    description: 'CSV with a header of field names (nested as `os.base`, lists separated by `;`), or a JSON list of objects shaped like the create input.',
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

@ObjectType()
export class ImportResult {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => [ImportRow])
  rows!: ImportRow[];
}

@Resolver()
export class TransferResolver {
  @Mutation(() => ImportResult, {
    description:
      'Imports items into your workspace. Idempotent: a row whose item exists (same name or hostname) updates it, or changes nothing; ' +
      'importing the same file twice changes nothing the second time. Rows with errors are reported and skipped.',
  })
  async importInventory(@Arg('input', () => ImportInventoryInput) input: ImportInventoryInput, @Ctx() ctx: GraphQLContext): Promise<ImportResult> {
    const scope = await ctx.auth.scope();
    const { def } = ctx.services.inventory.info(input.type, 'input.type');
    const { rows, problems } = parseImport(def, input.format, input.data, ctx.services.limits.maxImportBytes);
    const results = await ctx.services.inventory.importRows(scope, def.type, rows, problems);
    const count = (status: ImportStatus) => results.filter((r) => r.status === status).length;
    return Object.assign(new ImportResult(), {
      created: count('CREATED'),
      updated: count('UPDATED'),
      unchanged: count('UNCHANGED'),
      failed: count('ERROR'),
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
