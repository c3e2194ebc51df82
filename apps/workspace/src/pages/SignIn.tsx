import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../api/client';
import { useApi } from '../app/use-api';
import { useSession } from '../app/session';
import { ErrorMessage, Field, Loading } from '../ui/kit';

// A JWT is three base64url parts separated by dots, and far shorter than the 16 kB the server reads of headers.
function tokenShapeProblem(token: string): string | undefined {
  if (token.length > 8192) return 'This is too long to be a token (a token is a few hundred characters).';
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) return 'This is not a token: a token (a JWT) is three parts of letters, digits, - and _, separated by dots.';
  return undefined;
}

// Sign in as one of the embedded default's demo users, or with a token from the identity provider
// (`npm run prm -- token --role <role>` makes one).
export function SignIn() {
  const { signIn, endedBecause } = useSession();
  const personas = useApi(() => unwrap(api.GET('/v1/demo-personas')), []);
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const enter = async (value: string) => {
    setError(undefined);
    // Said here, in words about the token, rather than as the API's answer to a header it cannot read.
    const shape = tokenShapeProblem(value.trim());
    if (shape) return setError(new Error(shape));
    setBusy(true);
    try {
      await signIn(value.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void enter(token);
  };

  return (
    <main id="main" className="signin">
      <h1>Channel Ledger</h1>
      <p>The workspace for channel teams and the portal for their partners.</p>
      {endedBecause && !error ? (
        <div className="warning" role="status">
          You were signed out: {endedBecause}. Sign in again.
        </div>
      ) : null}
      <ErrorMessage error={error} />
      <section aria-labelledby="personas-title">
        <h2 id="personas-title">Sign in as a demo user</h2>
        {personas.data === undefined ? (
          personas.error ? <ErrorMessage error={personas.error} /> : <Loading what="Loading the demo users" />
        ) : personas.data.items.length === 0 ? (
          <p className="empty">No demo users here: they exist on the embedded default (npm start), for a browser on the same machine. Paste a token below.</p>
        ) : (
          <ul className="personas">
            {personas.data.items.map((p) => (
              <li key={p.label}>
                <button type="button" disabled={busy} onClick={() => void enter(p.token)}>
                  <span className="persona-name">{p.name}</span>
                  <span className="persona-role">
                    {p.partnerName ? `${p.partnerName}, ` : ''}
                    {p.role}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="token-title">
        <h2 id="token-title">Or paste a token</h2>
        <form onSubmit={submit}>
          <Field label="Bearer token" hint="A JWT from your identity provider, or from npm run prm -- token --role <role>.">
            {(props) => <textarea {...props} rows={4} value={token} onChange={(e) => setToken(e.target.value)} required />}
          </Field>
          <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
            Sign in
          </button>
        </form>
      </section>
    </main>
  );
}
