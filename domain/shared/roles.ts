/** Who acts in the playbooks (DOMAIN.md "Who uses it"), as the roles Baton authorizes by. */
export const ROLES = [
  'ops_manager',
  'regional_ops',
  'project_manager',
  'sales',
  'presales',
  'customer_success',
  'product_manager',
  'customer_service',
  'admin',
  'read_only',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that see and act only within their own regions; every other role works company-wide. */
export const REGION_SCOPED_ROLES: ReadonlySet<Role> = new Set<Role>(['regional_ops', 'sales']);

/** Whom a case tells: a role, and the case's person in it where there is one. */
export interface Recipient {
  role: Role;
  person?: string;
}

export const recipientName = (who: Recipient): string => (who.person ? `${who.person} (${who.role})` : who.role);
