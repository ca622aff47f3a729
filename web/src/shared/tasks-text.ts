/**
 * My tasks' board texts for the one tasks query (issue 17 item 8) in English and Chinese, kept apart
 * from the shared catalog so other areas' additions never meet these lines; i18n.tsx spreads them in.
 */
export const TASKS_MESSAGES = {
  'tasks.filters': ['Show', '显示'],
  'tasks.scope.all': ['Mine and my roles', '我的和我角色的'],
  'tasks.scope.mine': ['Only mine', '只看指派给我的'],
  'tasks.scope.roles': ['Only my roles', '只看我角色的'],
  'tasks.overdueOnly': ['Overdue only', '只看逾期'],
  'tasks.actionable': ['Actionable now ({count})', '现在可办（{count}）'],
  'tasks.nothingActionable': [
    'Nothing can be done now: everything below waits on other work first.',
    '目前没有可办的事项：下面的事项都在等待其他工作完成。',
  ],
  'tasks.blocked': ['Blocked ({count})', '受阻（{count}）'],
  'tasks.blockedIntro': [
    'These wait on other work first; they move up by themselves once it is done.',
    '这些事项在等待其他工作，完成后会自动移到上面。',
  ],
  'tasks.loadMore': ['Load more', '加载更多'],
  'tasks.waitingCount': ['waits on {count} open', '等待 {count} 项未完成'],
  'tasks.gateSignOff': ['Sign off the gate "{gate}" as {role}', '以{role}身份签核关口“{gate}”'],
  'tasks.gateDecision': ['Decide the gate "{gate}": go or no-go', '决定关口“{gate}”：上市或暂缓'],
  'tasks.pocProvision': ['Provision the environment and mark it ready', '开通试用环境并标记就绪'],
  'tasks.handoffKickoff': ['Hold the project kickoff', '召开项目启动会'],
  'tasks.handoffHandover': ['Hand the project over to customer success', '将项目移交客户成功'],
} as const;
