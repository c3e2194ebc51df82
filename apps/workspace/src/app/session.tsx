import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, setToken, unwrap, type Schemas } from '../api/client';

export type Me = Schemas['CurrentUser'];

interface Session {
  me: Me | undefined;
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

  const signIn = useCallback(async (token: string) => {
    setToken(token);
    try {
      const who = await unwrap(api.GET('/v1/me'));
      sessionStorage.setItem(KEY, token);
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
      .catch(() => sessionStorage.removeItem(KEY))
      .finally(() => setRestoring(false));
  }, [signIn]);

  const can = useCallback((operationId: string) => !!me?.operations.includes(operationId), [me]);
  if (restoring) return <p className="loading" role="status">Loading…</p>;
  return <SessionContext.Provider value={{ me, can, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isPartner = (me: Me | undefined) => me?.kind === 'partner';
