/** Where a form's problems are, by the API's path of each control (`filters.2.numberTo`). */
export interface ProblemLookup {
  errorAt(path: string): string | undefined;
  /** The id of the problem's text, which its control is described by. */
  errorId(path: string): string;
}

/** What a control says about its problem: invalid, and described by it. */
export function problemProps(lookup: ProblemLookup, path: string): { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined } {
  const error = lookup.errorAt(path);
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? lookup.errorId(path) : undefined };
}

/** A control's problem, under it; nothing when there is none. */
export function Problem({ lookup, path }: { lookup: ProblemLookup; path: string }) {
  const error = lookup.errorAt(path);
  if (!error) return null;
  return (
    <p className="field__error" id={lookup.errorId(path)} data-testid={`error-${path}`}>
      {error}
    </p>
  );
}
