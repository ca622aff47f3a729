import { Link } from 'react-router';
import { segment } from '../api/client';
import { useI18n, type MessageKey } from '../lib/i18n';
import { Section } from './ui';

/** A case in the customer lifecycle, as its workflow id names it: `<kind>:<account>:<opportunity or contract>`. */
const KINDS: Record<string, { path: string; name: MessageKey }> = {
  poc: { path: '/pocs', name: 'chain.poc' },
  deal: { path: '/deals', name: 'chain.deal' },
  handoff: { path: '/handoffs', name: 'chain.handoff' },
  renewal: { path: '/renewals', name: 'chain.renewal' },
};

/** The page and the words for a linked case, read from its id; undefined for an id of another shape. */
export function linkedCase(
  workflowId: string,
): { href: string; kind: MessageKey; account: string; key: string } | undefined {
  const [prefix, account, key, ...rest] = workflowId.split(':');
  const kind = prefix ? KINDS[prefix] : undefined;
  if (!kind || account === undefined || key === undefined || rest.length > 0) return undefined;
  try {
    return {
      href: `${kind.path}/${segment(workflowId)}`,
      kind: kind.name,
      account: decodeURIComponent(account),
      key: decodeURIComponent(key),
    };
  } catch {
    return undefined;
  }
}

function CaseLink({ workflowId }: { workflowId: string }) {
  const { t } = useI18n();
  const linked = linkedCase(workflowId);
  if (!linked) return <span>{workflowId}</span>;
  return (
    <Link to={linked.href}>
      {t(linked.kind)} · {linked.account} ({linked.key})
    </Link>
  );
}

/**
 * Where a case came from in the customer lifecycle (trial, deal, handoff, renewal) and what it
 * started, by account and opportunity or contract, each a link to its page.
 */
export function CaseChain({ source, next }: { source?: { id?: string }; next?: { workflowId: string } }) {
  const { t } = useI18n();
  if (!source?.id && !next) return null;
  return (
    <Section title={t('chain.title')}>
      <dl className="facts">
        {source?.id ? (
          <>
            <dt>{t('chain.cameFrom')}</dt>
            <dd>
              <CaseLink workflowId={source.id} />
            </dd>
          </>
        ) : null}
        {next ? (
          <>
            <dt>{t('chain.started')}</dt>
            <dd>
              <CaseLink workflowId={next.workflowId} />
            </dd>
          </>
        ) : null}
      </dl>
    </Section>
  );
}
