import { Form, Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";

/** Shared error boundary: a page a person can act on, for 403, 404 and anything else. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 403) {
      return (
        <ErrorLayout title="You do not have access to this page" code={403}>
          <p>
            Your roles do not include this page. If you need it for your work, ask an administrator to add the role to your account. This
            attempt has been recorded in the audit log.
          </p>
          <div className="actions">
            <Link className="button" to="/">
              Go to your home page
            </Link>
            <Form method="post" action="/logout">
              <button className="button button--secondary" type="submit">
                Sign in as someone else
              </button>
            </Form>
          </div>
        </ErrorLayout>
      );
    }
    if (error.status === 404) {
      return (
        <ErrorLayout title="Page not found" code={404}>
          <p>There is nothing at this address, or it is not shared with you. Check the link, or start again from your home page.</p>
          <div className="actions">
            <Link className="button" to="/">
              Go to your home page
            </Link>
          </div>
        </ErrorLayout>
      );
    }
    if (error.status === 400) {
      return (
        <ErrorLayout title="That request could not be understood" code={400}>
          <p>{typeof error.data === "string" && error.data ? error.data : "The page sent something the server did not expect."}</p>
          <div className="actions">
            <Link className="button" to=".">
              Reload the page
            </Link>
          </div>
        </ErrorLayout>
      );
    }
  }
  if (typeof document === "undefined") console.error(error);
  return (
    <ErrorLayout title="Something went wrong" code={500}>
      <p>
        The server could not complete this request. Nothing you submitted was half-saved: changes are written all at once or not at all. Try
        again; if it keeps happening, tell your administrator the time: <strong suppressHydrationWarning>{new Date().toISOString()}</strong>
        .
      </p>
      <div className="actions">
        <Link className="button" to=".">
          Try again
        </Link>
        <Link className="button button--secondary" to="/">
          Home
        </Link>
      </div>
    </ErrorLayout>
  );
}

function ErrorLayout({ title, code, children }: { title: string; code: number; children: React.ReactNode }) {
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">Error {code}</p>
      <h1 id="error-title">{title}</h1>
      {children}
    </section>
  );
}
