import { escapeHtml } from '../../activities/shared/notices/messages';
import type { OutgoingMail } from '../../activities/shared/notices/mailer';

/** The magic-link mail, in the contact's language; the secret sits in the fragment, so no server log or referrer sees it. */
export function invitationMail(input: {
  to: string;
  name: string;
  language: 'en' | 'zh';
  account: string;
  project: string;
  invitedBy: string;
  link: string;
  expiresAt: Date;
  invitationId: string;
  /** A POC's portal is about the trial, not a milestone plan. */
  playbook?: 'handoff' | 'poc' | 'renewal';
}): OutgoingMail {
  const trial = input.playbook === 'poc';
  const renewal = input.playbook === 'renewal';
  const until = input.expiresAt.toISOString().slice(0, 10);
  const en = {
    subject: `Your project portal for ${input.project} (${input.account})`,
    lines: [
      `Hello ${input.name},`,
      trial
        ? `${input.invitedBy} invites you to the portal of your trial (${input.project}): confirm the success criteria, tell us how it goes and ask for more time, from any device.`
        : renewal
          ? `${input.invitedBy} invites you to the portal of your contract ${input.project}: see its key dates and answer the renewal proposal, from any device.`
          : `${input.invitedBy} invites you to the portal of project ${input.project}: follow the milestone plan and confirm the steps that are yours, from any device.`,
      `The link below is personal and works until ${until}. Do not forward it.`,
    ],
    open: 'Open the project portal',
  };
  const zh = {
    subject: `${input.account} 项目 ${input.project} 的客户门户`,
    lines: [
      `${input.name}，您好：`,
      trial
        ? `${input.invitedBy} 邀请您进入试用（${input.project}）的客户门户：在任何设备上确认成功标准、反馈试用情况并申请延期。`
        : renewal
          ? `${input.invitedBy} 邀请您进入合同 ${input.project} 的客户门户：在任何设备上查看关键日期并答复续约方案。`
          : `${input.invitedBy} 邀请您进入项目 ${input.project} 的客户门户：查看里程碑计划，并在任何设备上确认由您负责的步骤。`,
      `以下链接仅供您本人使用，有效期至 ${until}，请勿转发。`,
    ],
    open: '打开项目门户',
  };
  const words = input.language === 'zh' ? zh : en;
  const text = [...words.lines, '', `${words.open}: ${input.link}`].join('\n');
  const html = `<!doctype html><html lang="${input.language}"><body style="font-family:sans-serif">${words.lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}<p><a href="${escapeHtml(input.link)}">${escapeHtml(words.open)}</a></p></body></html>`;
  return {
    to: input.to,
    subject: words.subject,
    text,
    html,
    messageId: `<portal-invitation-${input.invitationId}@baton>`,
  };
}
