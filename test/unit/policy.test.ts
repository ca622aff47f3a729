import {
  canSeeRegions,
  hasPermission,
  isRegionScoped,
  mayIn,
  PERMISSIONS,
  principalIn,
  type Permission,
} from '../../api/auth/policy';
import type { Principal } from '../../api/auth/principal';
import { ROLES, type Role } from '../../domain/shared/roles';

function principal(roles: Role[], regions: string[] = []): Principal {
  return { subject: `user-${roles.join('+') || 'none'}`, roles, regions, via: 'jwt' };
}

/** The roles each permission is meant for, written out here independently of PERMISSIONS. */
const EXPECTED: Record<Permission, readonly Role[]> = {
  'launch:start': ['ops_manager', 'admin'],
  'launch:read': ROLES,
  'launch:act': ROLES.filter((role) => role !== 'read_only'),
  'launch:manage': ['ops_manager', 'admin'],
  'poc:read': ROLES,
  'poc:request': ['sales', 'regional_ops', 'ops_manager', 'admin'],
  'poc:act': ROLES.filter((role) => role !== 'read_only'),
  'poc:decide': ['regional_ops', 'ops_manager', 'admin'],
  'deal:read': ROLES,
  'deal:request': ['sales', 'regional_ops', 'ops_manager', 'admin'],
  'deal:triage': ['presales', 'ops_manager', 'admin'],
  'deal:act': ROLES.filter((role) => role !== 'read_only'),
  'handoff:read': ROLES,
  'handoff:start': ['sales', 'regional_ops', 'ops_manager', 'admin'],
  'handoff:accept': ['project_manager', 'ops_manager', 'admin'],
  'handoff:act': ROLES.filter((role) => role !== 'read_only'),
  'renewal:read': ROLES,
  'renewal:start': ['customer_success', 'ops_manager', 'admin'],
  'renewal:act': ['customer_success', 'regional_ops', 'sales', 'ops_manager', 'admin'],
  'renewal:decide': ['customer_success', 'ops_manager', 'admin'],
  'template:read': ROLES,
  'template:manage': ['ops_manager', 'admin'],
  'calendar:read': ROLES,
  'calendar:manage': ['ops_manager', 'admin'],
  'token:manage': ['admin'],
  'audit:read': ['admin'],
  'people:manage': ['ops_manager', 'admin'],
  'people:self': ROLES,
  'integration:manage': ['admin'],
  'lists:read': ROLES,
  'lists:manage': ['admin'],
  'insights:read': ROLES,
};

describe('PERMISSIONS', () => {
  it('covers exactly the permissions the API checks', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('names only known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const role of roles) expect(ROLES).toContain(role);
  });
});

describe('hasPermission', () => {
  const cases = (Object.keys(EXPECTED) as Permission[]).flatMap((permission) =>
    ROLES.map((role) => [permission, role, EXPECTED[permission].includes(role)] as const),
  );

  it.each(cases)('%s for a %s alone: %s', (permission, role, allowed) => {
    expect(hasPermission(principal([role]), permission)).toBe(allowed);
  });

  it('grants when any one of several roles has the permission', () => {
    expect(hasPermission(principal(['read_only', 'admin']), 'token:manage')).toBe(true);
    expect(hasPermission(principal(['sales', 'ops_manager']), 'launch:start')).toBe(true);
  });

  it('refuses when none of several roles has it', () => {
    expect(hasPermission(principal(['sales', 'presales', 'read_only']), 'launch:start')).toBe(false);
  });

  it('refuses everything to a principal without roles', () => {
    for (const permission of Object.keys(EXPECTED) as Permission[])
      expect(hasPermission(principal([]), permission)).toBe(false);
  });

  it('does not let read_only act', () => {
    expect(hasPermission(principal(['read_only']), 'launch:read')).toBe(true);
    expect(hasPermission(principal(['read_only']), 'launch:act')).toBe(false);
  });

  it('does not depend on regions', () => {
    expect(hasPermission(principal(['ops_manager'], ['emea']), 'launch:start')).toBe(true);
    expect(hasPermission(principal(['sales'], ['emea']), 'launch:start')).toBe(false);
  });
});

describe('isRegionScoped', () => {
  it.each(ROLES.map((role) => [role, role === 'regional_ops' || role === 'sales'] as const))(
    '%s alone: %s',
    (role, scoped) => {
      expect(isRegionScoped(principal([role], ['emea']))).toBe(scoped);
    },
  );

  it('is scoped when every role is region-scoped', () => {
    expect(isRegionScoped(principal(['regional_ops', 'sales'], ['emea']))).toBe(true);
  });

  it('is not scoped when any role works company-wide', () => {
    expect(isRegionScoped(principal(['sales', 'presales'], ['emea']))).toBe(false);
    expect(isRegionScoped(principal(['regional_ops', 'read_only'], ['emea']))).toBe(false);
  });

  it('does not depend on whether regions are listed', () => {
    expect(isRegionScoped(principal(['sales'], []))).toBe(true);
    expect(isRegionScoped(principal(['presales'], ['emea']))).toBe(false);
  });
});

describe('canSeeRegions', () => {
  const emeaSales = principal(['sales'], ['emea']);

  describe('a company-wide object (no regions)', () => {
    it.each([
      ['a region-scoped user', emeaSales],
      ['a region-scoped user with no regions', principal(['sales'], [])],
      ['a company-wide user', principal(['presales'])],
      ['read_only', principal(['read_only'])],
    ])('is visible to %s', (_who, who) => {
      expect(canSeeRegions(who, [])).toBe(true);
    });
  });

  describe('a regional object', () => {
    it('is visible to a scoped user in one of its regions', () => {
      expect(canSeeRegions(emeaSales, ['emea'])).toBe(true);
      expect(canSeeRegions(emeaSales, ['apac', 'emea'])).toBe(true);
      expect(canSeeRegions(principal(['regional_ops'], ['apac', 'east-china']), ['east-china'])).toBe(true);
    });

    it('is hidden from a scoped user in none of its regions', () => {
      expect(canSeeRegions(emeaSales, ['apac'])).toBe(false);
      expect(canSeeRegions(emeaSales, ['apac', 'amer'])).toBe(false);
      expect(canSeeRegions(principal(['regional_ops', 'sales'], ['amer']), ['emea'])).toBe(false);
    });

    it('matches region names exactly', () => {
      expect(canSeeRegions(principal(['sales'], ['east']), ['east-china'])).toBe(false);
      expect(canSeeRegions(principal(['sales'], ['EMEA']), ['emea'])).toBe(false);
    });

    it('is hidden from a sales user with no regions, who sees only company-wide objects', () => {
      const salesWithoutRegions = principal(['sales'], []);
      expect(canSeeRegions(salesWithoutRegions, ['emea'])).toBe(false);
      expect(canSeeRegions(salesWithoutRegions, [])).toBe(true);
    });

    it.each(['ops_manager', 'presales', 'admin', 'read_only', 'product_manager'] as const)(
      'is visible to a %s whatever their regions (company-wide role)',
      (role) => {
        expect(canSeeRegions(principal([role], []), ['emea'])).toBe(true);
        expect(canSeeRegions(principal([role], ['apac']), ['emea'])).toBe(true);
      },
    );

    it('is visible to a user holding a company-wide role next to a scoped one', () => {
      expect(canSeeRegions(principal(['sales', 'presales'], ['apac']), ['emea'])).toBe(true);
    });
  });
});

describe('mayIn: a regional role grants only in the caller regions, a company-wide role only its own permissions', () => {
  const eastOpsReader = principal(['regional_ops', 'read_only'], ['east']);
  const eastSalesService = principal(['sales', 'customer_service'], ['east']);

  it('does not let read_only lift regional_ops out of its regions', () => {
    expect(mayIn(eastOpsReader, 'poc:decide', ['west'])).toBe(false);
    expect(mayIn(eastOpsReader, 'poc:request', ['west'])).toBe(false);
    expect(mayIn(eastOpsReader, 'poc:act', ['west'])).toBe(false);
    expect(mayIn(eastOpsReader, 'poc:read', ['west'])).toBe(true);
  });

  it('keeps what the regional role grants in its own regions', () => {
    expect(mayIn(eastOpsReader, 'poc:decide', ['east'])).toBe(true);
    expect(mayIn(eastOpsReader, 'poc:request', ['east'])).toBe(true);
  });

  it('does not let customer_service lift sales out of its regions', () => {
    expect(mayIn(eastSalesService, 'poc:request', ['west'])).toBe(false);
    expect(mayIn(eastSalesService, 'deal:request', ['west'])).toBe(false);
    expect(mayIn(eastSalesService, 'handoff:start', ['west'])).toBe(false);
    expect(mayIn(eastSalesService, 'renewal:act', ['west'])).toBe(false);
    expect(mayIn(eastSalesService, 'poc:request', ['east'])).toBe(true);
  });

  it('lets the company-wide role grant its own permissions everywhere', () => {
    expect(mayIn(eastSalesService, 'poc:act', ['west'])).toBe(true);
    expect(mayIn(eastSalesService, 'launch:act', ['west'])).toBe(true);
    expect(mayIn(principal(['regional_ops', 'presales'], ['east']), 'deal:triage', ['west'])).toBe(true);
  });

  it('grants a regional role on a company-wide object (no regions) and on objects in any of its regions', () => {
    expect(mayIn(principal(['sales'], ['east']), 'poc:act', [])).toBe(true);
    expect(mayIn(principal(['sales'], ['east']), 'launch:act', ['west', 'east'])).toBe(true);
    expect(mayIn(principal(['sales'], []), 'launch:act', ['east'])).toBe(false);
  });

  it('agrees with hasPermission for company-wide roles', () => {
    for (const permission of Object.keys(EXPECTED) as Permission[])
      for (const role of ROLES.filter((candidate) => candidate !== 'regional_ops' && candidate !== 'sales'))
        expect(mayIn(principal([role], ['east']), permission, ['west'])).toBe(
          hasPermission(principal([role]), permission),
        );
  });
});

describe('principalIn', () => {
  it('keeps only the roles that hold on the object', () => {
    const caller = principal(['regional_ops', 'sales', 'presales', 'read_only'], ['east']);
    expect(principalIn(caller, ['west']).roles).toEqual(['presales', 'read_only']);
    expect(principalIn(caller, ['east']).roles).toEqual(caller.roles);
    expect(principalIn(caller, []).roles).toEqual(caller.roles);
  });
});
