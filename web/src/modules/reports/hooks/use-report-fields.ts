import { useCallback, useMemo } from 'react';
import { useQuery } from 'urql';
import { PivotReportFieldsDocument, ReportFieldsDocument, type PivotReportFieldsQuery, type PivotLevel, type ReportKind } from '../../../gql/graphql.ts';
import type { ReportFieldSets } from '../report-draft.ts';
import type { FieldInfo } from '../report-filters.ts';
import { PIVOT_LEVELS, PIVOT_LEVEL_TYPES } from '../report-labels.ts';
import type { FieldLabeler } from '../report-summary.ts';

const PIVOT_KEYS: Readonly<Record<PivotLevel, keyof Omit<PivotReportFieldsQuery, '__typename'>>> = {
  CLIENT: 'client',
  SYSTEM: 'system',
  APPLICATION: 'application',
  SERVER: 'server',
  DATABASE: 'database',
  LOAD_BALANCER: 'loadBalancer',
};

const LEVEL_OF_TYPE = new Map<string, PivotLevel>(PIVOT_LEVELS.map((level) => [PIVOT_LEVEL_TYPES[level], level]));

export interface ReportFields {
  sets: ReportFieldSets;
  fetching: boolean;
  /** A field's label by type and key; the key while unknown. */
  labelOf: FieldLabeler;
}

/**
 * The fields a report can use, read once per type: those of its type for a
 * single-entity report, those of the six levels (in one request) for a pivot.
 */
export function useReportFields(kind: ReportKind, entity: string | null | undefined): ReportFields {
  const [single] = useQuery({ query: ReportFieldsDocument, variables: { entity: entity ?? '' }, pause: kind !== 'SINGLE' || !entity, requestPolicy: 'cache-first' });
  const [pivot] = useQuery({ query: PivotReportFieldsDocument, pause: kind !== 'PIVOT', requestPolicy: 'cache-first' });
  const sets = useMemo<ReportFieldSets>(() => {
    const levels: Partial<Record<PivotLevel, readonly FieldInfo[]>> = {};
    if (pivot.data) for (const [level, key] of Object.entries(PIVOT_KEYS) as Array<[PivotLevel, (typeof PIVOT_KEYS)[PivotLevel]]>) levels[level] = pivot.data[key];
    return { entity: kind === 'SINGLE' ? single.data?.reportFields : undefined, levels };
  }, [kind, single.data, pivot.data]);
  const labelOf = useCallback<FieldLabeler>(
    (type, key) => {
      const level = LEVEL_OF_TYPE.get(type);
      const fields = kind === 'SINGLE' ? sets.entity : level ? sets.levels[level] : undefined;
      return fields?.find((field) => field.key === key)?.label ?? key;
    },
    [kind, sets],
  );
  return { sets, fetching: single.fetching || pivot.fetching, labelOf };
}
