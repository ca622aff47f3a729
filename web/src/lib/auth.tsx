import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { PERMISSIONS, type Permission } from '../../../api/auth/policy';
import { configureClient } from '../api/client';

export interface Identity {
  subject: string;
  roles: string[];
  regions: string[];
  /** A Baton API token names no identity the board can read. */
  via: 'jwt' | 'api-token';
  expiresAt?: number;
}

interface AuthValue {
  token: string | null;
  identity: Identity | null;
  /** Why the last session ended, shown on the sign-in page. */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const STORAGE_KEY = 'baton.token';
const AuthContext = createContext<AuthValue | null>(null);

/** Reads the claims of a JWT (the API verifies it; the board only shows who you are). */
export function identityOf(token: string): Identity | null {
  if (token.startsWith('baton_')) return { subject: 'API token', roles: [], regions: [], via: 'api-token' };
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (char) => char.charCodeAt(0)))) as {
      sub?: string;
      roles?: string[];
      regions?: string[];
      exp?: number;
    };
    if (!claims.sub) return null;
    return {
      subject: claims.sub,
      roles: claims.roles ?? [],
      regions: claims.regions ?? [],
      via: 'jwt',
      expiresAt: claims.exp ? claims.exp * 1000 : undefined,
    };
  } catch {
    return null;
  }
}

function storedToken(): string | null {
  const token = localStorage.getItem(STORAGE_KEY);
  if (!token) return null;
  const identity = identityOf(token);
  if (!identity || (identity.expiresAt !== undefined && identity.expiresAt < Date.now())) {
    localStorage.removeItem(STORAGE_KEY);
    return null;
  }
  return token;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(storedToken);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why?: string) => {
    localStorage.removeItem(STORAGE_KEY);
    setNotice(why ?? null);
    setToken(null);
  }, []);
  const signIn = useCallback((next: string) => {
    localStorage.setItem(STORAGE_KEY, next);
    setNotice(null);
    setToken(next);
  }, []);

  // Set during render so the first requests of the signed-in pages already carry the token.
  configureClient(token, () => signOut('expired'));

  const value = useMemo<AuthValue>(
    () => ({ token, identity: token ? identityOf(token) : null, notice, signIn, signOut }),
    [token, notice, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** What the signed-in person's roles allow: the API's own permission table (it decides; the board only hides what would be refused). */
export function useCan() {
  const { identity } = useAuth();
  const roles: ReadonlySet<string> = new Set(identity?.roles ?? []);
  // An API token names no roles the board can read: offer everything and let the API answer.
  const may = (permission: Permission) =>
    identity?.via === 'api-token' || PERMISSIONS[permission].some((role) => roles.has(role));
  return { may, hasRole: (role: string) => roles.has(role), subject: identity?.subject };
}
