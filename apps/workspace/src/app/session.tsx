import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, onTokenRefused, setToken, unwrap, type Schemas } from '../api/client';

export type Me = Schemas['CurrentUser'];

interface Session {
  me: Me | undefined;
  // Why the last session ended without the user signing out (the API refused its token), for the sign-in page.
  endedBecause: string | undefined;
  // Whether the caller's roles allow an operation (by its operationId in the API's document).
  can: (operationId: string) => boolean;
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<Session | undefined>(undefined);
const KEY = 'channel-ledger.token';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | undefined>();
  const [restoring, setRestoring] = useState(true);
  const [endedBecause, setEndedBecause] = useState<string>();

  const signIn = useCallback(async (token: string) => {
    setToken(token);
    try {
      const who = await unwrap(api.GET('/v1/me'));
      sessionStorage.setItem(KEY, token);
      setEndedBecause(undefined);
      setMe(who);
    } catch (error) {
      setToken(undefined);
      throw error;
    }
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setToken(undefined);
    setMe(undefined);
  }, []);

  useEffect(() => {
    const saved = sessionStorage.getItem(KEY);
    if (!saved) return setRestoring(false);
    signIn(saved)
      .catch((error: unknown) => {
        sessionStorage.removeItem(KEY);
        setEndedBecause(error instanceof Error ? error.message : undefined);
      })
      .finally(() => setRestoring(false));
  }, [signIn]);

  // The API refused the token: back to sign-in, saying why.
  useEffect(
    () =>
      onTokenRefused((problem) => {
        sessionStorage.removeItem(KEY);
        setToken(undefined);
        setMe(undefined);
        setEndedBecause(problem.message);
      }),
    [],
  );

  // Roles can change while a user works (a manager demoted, a member deactivated): who you are is asked again on
  // every page opened, so the header and the controls follow the log.
  useEffect(() => {
    if (!me) return;
    const refresh = () => {
      api.GET('/v1/me').then(({ data }) => {
        if (data) setMe((current) => (current && JSON.stringify(current) === JSON.stringify(data) ? current : data));
      }, () => undefined);
    };
    window.addEventListener('hashchange', refresh);
    return () => window.removeEventListener('hashchange', refresh);
  }, [me]);

  const can = useCallback((operationId: string) => !!me?.operations.includes(operationId), [me]);
  if (restoring) return <p className="loading" role="status">Loading…</p>;
  return <SessionContext.Provider value={{ me, endedBecause, can, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isPartner = (me: Me | undefined) => me?.kind === 'partner';
