import { useEffect } from 'react';
import { call, type ApiError } from '../api/client';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';

/** Every read of the portal is audited: a customer's page asks less often than the staff board does. */
const PORTAL_POLL_SECONDS = 30;

/** This device's portal session, as kept in local storage. */
export interface Stored {
  token: string;
  caseId: string;
}

/** What a case's portal page gets from the portal shell. */
export interface PortalCaseProps {
  session: Stored;
  adoptLanguage: boolean;
  onLanguageAdopted(): void;
  onUnauthorized(error: ApiError): void;
}

/**
 * A case's portal view, read live (less often than the board: every read is audited); a 401 ends
 * the session, and the first view after sign-in switches to the contact's language.
 */
export function usePortalView<T extends { contact: { language: string } }>(
  path: string,
  { session, adoptLanguage, onLanguageAdopted, onUnauthorized }: PortalCaseProps,
) {
  const { setLanguage } = useI18n();
  const live = useLive(
    `portal:${path}`,
    async (signal) => (await call<T>('GET', path, { token: session.token, signal })).data,
    PORTAL_POLL_SECONDS,
  );
  const view = live.data;
  useEffect(() => {
    if (live.error?.status === 401) onUnauthorized(live.error);
  }, [live.error, onUnauthorized]);
  useEffect(() => {
    if (!view || !adoptLanguage) return;
    if (view.contact.language === 'zh' || view.contact.language === 'en') setLanguage(view.contact.language);
    onLanguageAdopted();
  }, [view, adoptLanguage, setLanguage, onLanguageAdopted]);
  return live;
}
