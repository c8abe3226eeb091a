import { createContext, createResource, type JSX, type Resource, useContext } from 'solid-js';
import { isApiError } from '../api/api-error.js';
import { api } from '../api/client.js';
import type { UserDto } from '../api/contract.js';

export interface AuthContextValue {
  /** The signed-in user; `null` when signed out; `undefined` while the first check runs. */
  user: Resource<UserDto | null>;
  signIn: (email: string, password: string) => Promise<UserDto>;
  signUp: (email: string, password: string, displayName: string) => Promise<UserDto>;
  signOut: () => Promise<void>;
  /** Re-reads `/api/auth/me` (credits change after every step). */
  refresh: () => void;
}

const AuthContext = createContext<AuthContextValue>();

async function fetchMe(): Promise<UserDto | null> {
  try {
    return await api.auth.me();
  } catch (error) {
    if (isApiError(error, 'UNAUTHENTICATED')) return null;
    throw error;
  }
}

export function AuthProvider(props: { children: JSX.Element }) {
  const [user, { mutate, refetch }] = createResource(fetchMe);
  const value: AuthContextValue = {
    user,
    signIn: async (email, password) => {
      const signedIn = await api.auth.login({ email, password });
      mutate(signedIn);
      return signedIn;
    },
    signUp: async (email, password, displayName) => {
      const created = await api.auth.register({ email, password, displayName });
      mutate(created);
      return created;
    },
    signOut: async () => {
      await api.auth.logout();
      mutate(null);
    },
    refresh: () => void refetch(),
  };
  return <AuthContext.Provider value={value}>{props.children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}
