import type { Catalog } from './text';

/**
 * What the customer reminders say (issue 16), the same on every playbook that has a portal: the
 * step waited for, the timeline entries staff read, and the mail each invited contact gets in their
 * language. Merged into the handoff, POC and renewal catalogs like the shared texts.
 */
export const CUSTOMER_REMINDER_TEXT = {
  'customer-step.confirm-milestone': { en: 'confirm the milestone "{title}"', zh: '确认里程碑「{title}」' },
  'customer-step.confirm-milestone.done': { en: 'confirmed the milestone "{title}"', zh: '确认里程碑「{title}」' },
  'customer-step.accept': { en: 'sign the acceptance of the delivery', zh: '签署交付验收' },
  'customer-step.accept.done': { en: 'signed the acceptance of the delivery', zh: '签署交付验收' },
  'customer-step.confirm-criteria': { en: 'confirm the agreed success criteria', zh: '确认约定的成功标准' },
  'customer-step.confirm-criteria.done': { en: 'confirmed the agreed success criteria', zh: '确认约定的成功标准' },
  'customer-step.answer-proposal': { en: 'answer the renewal proposal', zh: '答复续约方案' },
  'customer-step.answer-proposal.done': { en: 'answered the renewal proposal', zh: '答复续约方案' },
  'customer-reminder.sent': {
    en: 'Baton reminded the customer’s invited contacts to {step} on the {label}, waiting since {since}[ and due {dueDate}] (reminder {round} of {rounds})',
    zh: 'Baton 已提醒客户的受邀联系人{step}（{label}），自 {since} 起等待中[，截止 {dueDate}]（第 {round} 次提醒，共 {rounds} 次）',
  },
  'customer-reminder.late': {
    en: 'The customer has not {done} on the {label} since {since}[ (due {dueDate})]; reminded {rounds} times, please contact them',
    zh: '客户自 {since} 起仍未{done}（{label}）[，截止 {dueDate}]；已提醒 {rounds} 次，请联系客户',
  },
  'customer-reminder.mail.subject': {
    en: 'Reminder: please {step} ({case})',
    zh: '提醒：请{step}（{case}）',
  },
  'customer-reminder.mail.body': {
    en: 'Hello {name},\nwe are waiting for you to {step} for {case} since {since}[; it is due on {dueDate}].\nOpen your portal with the link in the invitation {invitedBy} sent you (it works until {expiresOn}), or at the address below on a device you signed in with before. If the link no longer works, ask {invitedBy} for a new one.',
    zh: '{name}，您好：\n项目 {case} 自 {since} 起等待您{step}[，截止日期为 {dueDate}]。\n请用 {invitedBy} 发给您的邀请邮件中的链接打开客户门户（有效期至 {expiresOn}），或在之前登录过的设备上打开下方地址。如链接已失效，请联系 {invitedBy} 重新发送。',
  },
  'customer-reminder.mail.open': { en: 'Open your portal', zh: '打开客户门户' },
  'customer-reminder.mail.why': {
    en: 'You get this because you were invited to this project’s customer portal; the reminders stop once the step is done.',
    zh: '您收到此邮件，是因为您受邀使用此项目的客户门户；完成该步骤后将不再提醒。',
  },
} as const satisfies Catalog;
