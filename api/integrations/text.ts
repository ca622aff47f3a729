import { MAPPING_TEXT } from '../../domain/integrations/mapping-text';
import { speaker, type Catalog } from '../../domain/shared/text';

/** What the integration routes answer people and CRMs (issue 18), in English and Chinese. */
export const INTEGRATION_TEXT = {
  ...MAPPING_TEXT,
  /** What was wrong with an event, as a dead letter keeps it: its problems, each worded for the reader. */
  'integrations.problems': { en: '{problems}', zh: '{problems}' },
  'integrations.unknown-source': {
    en: 'No CRM source "{source}" is set up; an admin sets its secret first',
    zh: '未配置 CRM 来源「{source}」；请管理员先为其设置密钥',
  },
  'integrations.signature': {
    en: 'The event’s Standard Webhooks signature does not verify ({reason}); it was kept as dead letter {id}',
    zh: '事件的 Standard Webhooks 签名校验失败（{reason}）；已作为死信 {id} 保存',
  },
  'integrations.timestamp': {
    en: 'The event’s webhook-timestamp is more than five minutes from now (a replay?); it was kept as dead letter {id}',
    zh: '事件的 webhook-timestamp 与当前时间相差超过五分钟（疑似重放）；已作为死信 {id} 保存',
  },
  'integrations.malformed': {
    en: 'The event body is not a JSON object; it was kept as dead letter {id}',
    zh: '事件内容不是 JSON 对象；已作为死信 {id} 保存',
  },
  'integrations.unmappable': {
    en: 'Mapping {version} of {source} cannot read the event: {problems}. It was kept as dead letter {id}; fix the mapping and replay it',
    zh: '{source} 的映射第 {version} 版无法读取该事件：{problems}。已作为死信 {id} 保存；请修正映射后重放',
  },
  'integrations.refused': {
    en: 'Baton could not apply the event: {problem}. It was kept as dead letter {id}; replay it once the case allows',
    zh: 'Baton 无法应用该事件：{problem}。已作为死信 {id} 保存；待案例允许后请重放',
  },
  'integrations.mapping-invalid': {
    en: 'The mapping is not valid',
    zh: '映射无效',
  },
  'integrations.no-mapping': {
    en: 'No mapping is saved for "{source}" and Baton ships none by that name',
    zh: '「{source}」没有已保存的映射，Baton 也没有内置同名映射',
  },
  'integrations.dead-letter-not-found': { en: 'No dead letter {id}', zh: '没有死信 {id}' },
  'integrations.dead-letter-unverified': {
    en: 'Dead letter {id} did not carry a valid signature; it is kept for reading but never applied',
    zh: '死信 {id} 没有有效签名；只保留供查阅，永不应用',
  },
  'integrations.dead-letter-replayed': {
    en: 'Dead letter {id} was replayed already',
    zh: '死信 {id} 已重放过',
  },
  'integrations.subscription-not-found': { en: 'No webhook subscription {id}', zh: '没有 Webhook 订阅 {id}' },
  'integrations.delivery-not-found': {
    en: 'Webhook subscription {id} has no delivery {messageId}',
    zh: 'Webhook 订阅 {id} 没有投递 {messageId}',
  },
} as const satisfies Catalog;

export const { say: integrationSays, text: integrationText } = speaker(INTEGRATION_TEXT);
