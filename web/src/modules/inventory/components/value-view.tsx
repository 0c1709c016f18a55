import { Chips } from '../../../shared/components/chips.tsx';
import type { ScalarField } from '../inventory-model.ts';
import { formatScalar, isStringList } from '../item-values.ts';

/** A declared field's value: chips for lists, labels for enums, units for numbers; an em dash when empty. */
export function ValueView({ field, value }: { field: ScalarField; value: unknown }) {
  if (field.kind === 'list') return <Chips items={isStringList(value) ? value : []} />;
  const text = formatScalar(field, value);
  if (text === null) return <span className="muted">—</span>;
  if (field.kind === 'text' && field.multiline) return <span className="value--long">{text}</span>;
  if (field.kind === 'text' && field.inputType === 'url' && /^https?:\/\//i.test(text)) {
    return (
      <a href={text} target="_blank" rel="noreferrer noopener">
        {text}
      </a>
    );
  }
  return <>{text}</>;
}
