import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api, onSignedOut } from './api.js';
import { ErrorNote } from './ui.jsx';
import './session.css';

// When Eddy verifies signatures (--auth-file) the console cannot sign its requests (an EventSource sends no
// headers, and page script should not hold a secret): it trades one of the auth file's key pairs for a
// session cookie (HttpOnly, so no script reads it) at POST /_eddy/session, once, and signs out with DELETE.

const Session = createContext(undefined);

/** Shows its children once the console may read Eddy: at once without --auth-file, after a sign-in with it. */
export function SessionGate({ children }) {
  const [state, setState] = useState({ phase: 'checking' });
  useEffect(() => {
    const check = () =>
      api.get('/_eddy/session').then(
        (answer) => setState(answer.signaturesRequired && !answer.session ? { phase: 'sign-in' } : { phase: 'in', session: answer.session }),
        () => setState({ phase: 'in' }), // Eddy unreachable (or older): the shell's dot says so
      );
    check();
    return onSignedOut(check); // a request refused for want of a signature: the session ran out
  }, []);
  if (state.phase === 'checking') return null;
  if (state.phase === 'sign-in') return <SignIn onSignedIn={(session) => setState({ phase: 'in', session })} />;
  const signOut = () => api.delete('/_eddy/session').finally(() => setState({ phase: 'sign-in' }));
  return <Session.Provider value={{ session: state.session, signOut }}>{children}</Session.Provider>;
}

function SignIn({ onSignedIn }) {
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.post('/_eddy/session', { accessKeyId: accessKeyId.trim(), secretAccessKey: secret });
      setSecret('');
      onSignedIn(answer.session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="signin">
      <form class="panel" onSubmit={submit} data-sign-in>
        <h1>Sign in to Eddy</h1>
        <p>
          This Eddy verifies signatures (<code>--auth-file</code>). Give one of its auth file's key pairs: the console trades it for a
          session cookie for 12 hours and keeps no secret.
        </p>
        <ErrorNote error={error} />
        <label>
          Access key id
          <input name="accessKeyId" autocomplete="username" value={accessKeyId} onInput={(e) => setAccessKeyId(e.currentTarget.value)} autofocus />
        </label>
        <label>
          Secret access key
          <input name="secretAccessKey" type="password" autocomplete="current-password" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
        </label>
        <button class="primary" type="submit" disabled={busy || !accessKeyId.trim() || !secret}>
          Sign in
        </button>
      </form>
    </div>
  );
}

/** Ends the session (nothing without --auth-file, where there is none). */
export function SignOut() {
  const context = useContext(Session);
  if (!context?.session) return null;
  const { accessKeyId, expires } = context.session;
  return (
    <button class="signout" onClick={context.signOut} title={`Signed in with ${accessKeyId} until ${expires.replace('T', ' ').slice(0, 16)} UTC`} data-sign-out>
      Sign out
    </button>
  );
}
