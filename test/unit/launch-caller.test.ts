import type { LaunchAction } from '../../domain/launch/actions';
import { callerRejection } from '../../domain/launch/caller';
import { createLaunchState } from '../../domain/launch/create';
import { LAUNCH_TEXT } from '../../domain/launch/text';
import type { Role } from '../../domain/shared/roles';
import { wordText } from '../../domain/shared/text';
import { launchInput } from '../helpers/launch-fixtures';

const state = createLaunchState(
  launchInput({ launchId: 'L-1', launchDate: '2026-03-02' }),
  new Date('2026-02-02T09:00:00Z'),
);
const refusal = (type: 'start' | 'reschedule-item' | 'sign-off-item', itemKey: string, roles: Role[]) => {
  const action: LaunchAction =
    type === 'start'
      ? { type, itemKey }
      : type === 'reschedule-item'
        ? { type, itemKey, dueDate: '2026-02-27', reason: 'later' }
        : { type, itemKey, role: roles[0]! };
  return callerRejection(state, { action, actor: 'quinn', caller: { roles } });
};

// The item rights the Update's validator checks are refusals a person reads: worded in both languages.
describe('who may work on a launch item, as the workflow checks it', () => {
  it('lets the owner role act, and refuses another role in English and Chinese', () => {
    expect(refusal('start', 'research', ['product_manager'])).toBeUndefined();
    const refused = refusal('start', 'research', ['presales'])!;
    expect(refused).toMatchObject({
      kind: 'forbidden',
      message: 'Item "research" is owned by product_manager and assigned to pat; you may not start it',
    });
    expect(wordText(LAUNCH_TEXT, refused.text, 'en')).toBe(refused.message);
    expect(wordText(LAUNCH_TEXT, refused.text, 'zh')).toBe(
      '检查项「research」由产品经理负责，已分配给 pat；您无权开始',
    );
  });

  it('names the sign-off role, not the owner, when the caller may not sign off', () => {
    const refused = refusal('sign-off-item', 'positioning', ['product_manager'])!;
    expect(refused.message).toBe('Item "positioning" is signed off by ops_manager; you do not hold that role');
    expect(wordText(LAUNCH_TEXT, refused.text, 'zh')).toBe('检查项「positioning」须由运营经理签核；您没有该角色');
    expect(refusal('sign-off-item', 'positioning', ['ops_manager'])).toBeUndefined();
  });

  it('words every verb it can refuse in Chinese', () => {
    const refused = refusal('reschedule-item', 'research', ['presales'])!;
    expect(wordText(LAUNCH_TEXT, refused.text, 'zh')).toBe(
      '检查项「research」由产品经理负责，已分配给 pat；您无权调整截止日期',
    );
  });

  it('says which item is unknown, in both languages', () => {
    const refused = refusal('start', 'nope', ['ops_manager'])!;
    expect(refused).toMatchObject({ kind: 'unknown-item', message: 'Launch L-1 has no checklist item "nope"' });
    expect(wordText(LAUNCH_TEXT, refused.text, 'zh')).toBe('上市准备 L-1 没有检查项「nope」');
  });
});
