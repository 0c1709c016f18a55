import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="page" aria-labelledby="not-found-title">
      <header className="page__header">
        <h1 id="not-found-title" className="page__title">
          Page not found
        </h1>
        <p className="page__subtitle">Nothing lives at this address in Maestro.</p>
      </header>
      <p>
        <Link to="/status">Go to the status page</Link>
      </p>
    </section>
  );
}
