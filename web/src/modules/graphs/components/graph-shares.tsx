import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { CreateGraphShareLinkDocument, RevokeGraphShareLinkDocument, type GraphShareLinkViewFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The date input's value a number of days from now. */
export function dateInDays(days: number, now = Date.now()): string {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10);
}

/** The end of that day, in the reader's time zone, as the API takes it. */
export function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

export function embedSnippet(embedUrl: string): string {
  return `<iframe src="${embedUrl}" width="960" height="640" style="border:0" title="Dependency graph"></iframe>`;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="button button--small"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 2000);
        });
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

/** A graph's public links, for its admins: make one until a date, copy its address, embed or picture, revoke it. */
export function GraphShares({ graphId, links }: { graphId: string; links: readonly GraphShareLinkViewFragment[] }) {
  const id = useId();
  const [expires, setExpires] = useState(() => dateInDays(30));
  const [created, create] = useMutation(CreateGraphShareLinkDocument);
  const [revoked, revoke] = useMutation(RevokeGraphShareLinkDocument);
  const error = readActionError(created.error) ?? readActionError(revoked.error);
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="graph-shares">
      <header className="panel__header">
        <h2 id={`${id}-title`} className="panel__title">
          Share links
        </h2>
        <span className="panel__meta">Anyone with one sees the picture and metrics of your newest good build, and nothing else.</span>
      </header>
      <div className="panel__body">
        {error ? <FormAlert testId="graph-share-error">{error}</FormAlert> : null}
        <form
          className="graph-shares__new"
          onSubmit={(event) => {
            event.preventDefault();
            void create({ graphId, expiresAt: endOfDay(expires) }, { additionalTypenames: ['GraphShareLink'] });
          }}
        >
          <label className="field__label" htmlFor={`${id}-expires`}>
            Valid until
          </label>
          <input id={`${id}-expires`} type="date" className="input" value={expires} min={dateInDays(0)} max={dateInDays(365)} onChange={(event) => setExpires(event.target.value)} />
          <button type="submit" className="button" disabled={created.fetching || !expires}>
            Create a link
          </button>
        </form>
        {links.length === 0 ? <p className="muted">No link yet.</p> : null}
        {links.length > 0 ? (
          <div className="table-scroll">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">State</th>
                  <th scope="col">Uses</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {links.map((link) => (
                  <tr key={link.id} data-testid="graph-share" data-live={link.live}>
                    <td>{formatDateTime(link.createdAt)}</td>
                    <td>{formatDateTime(link.expiresAt)}</td>
                    <td>{link.live ? 'Live' : link.revokedAt ? 'Revoked' : 'Expired'}</td>
                    <td className="table__number">{link.uses}</td>
                    <td className="table__actions">
                      {link.live && link.url ? <CopyButton text={link.url} label="Copy URL" /> : null}
                      {link.live && link.embedUrl ? <CopyButton text={embedSnippet(link.embedUrl)} label="Copy embed" /> : null}
                      {link.live && link.imageUrl ? <CopyButton text={link.imageUrl} label="Copy image URL" /> : null}
                      {link.live ? (
                        <button type="button" className="button button--small button--danger" disabled={revoked.fetching} onClick={() => void revoke({ id: link.id })}>
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
