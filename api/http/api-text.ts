import { speaker, type Catalog } from '../../domain/shared/text';

/**
 * The API's own refusals in English and Chinese: malformed or invalid requests, missing
 * credentials, roles and regions that do not allow an action. The English is what the API has
 * always answered; clients may match it.
 */
export const API_TEXT = {
  'api.invalid.schema': {
    en: 'The request does not match the expected schema',
    zh: '请求内容不符合接口要求的格式',
  },
  'api.invalid.too-deep': {
    en: 'The request body nests deeper than {depth} levels',
    zh: '请求体的嵌套层级超过了 {depth} 层',
  },
  'api.invalid.idempotency-key': {
    en: '{header} must be 1-255 visible ASCII characters',
    zh: '{header} 必须是 1 到 255 个可见的 ASCII 字符',
  },
  'api.invalid.if-match': {
    en: 'If-Match must be an ETag this API issued, e.g. "7"',
    zh: 'If-Match 必须是本接口签发的 ETag，例如 "7"',
  },
  'api.invalid.json': { en: 'The request body is not valid JSON', zh: '请求体不是有效的 JSON' },
  'api.invalid.too-large': {
    en: 'The request body exceeds the size limit',
    zh: '请求体超过了大小上限',
  },
  'api.invalid.encoding': {
    en: 'The request body encoding is not supported',
    zh: '不支持请求体的编码',
  },
  'api.invalid.media-type': {
    en: 'Send the body as application/json, not {contentType}',
    zh: '请以 application/json 发送请求体，而不是 {contentType}',
  },
  'api.unauthorized.no-token': {
    en: 'Send an Authorization: Bearer <token> header',
    zh: '请发送 Authorization: Bearer <令牌> 请求头',
  },
  'api.unauthorized.unknown-token': {
    en: 'The token is unknown, revoked or expired',
    zh: '令牌无效、已吊销或已过期',
  },
  'api.forbidden.roles': {
    en: 'Your roles ({roles}) may not {doing}',
    zh: '您的角色（{roles}）无权执行此操作：{doing}',
  },
  'api.forbidden.regions': {
    en: 'You may not {doing} in {regions}: {roles} acts only in your regions ({mine})',
    zh: '您不能在 {regions} 执行此操作（{doing}）：{roles} 只能在您负责的区域（{mine}）内操作',
  },
  'api.forbidden.own-regions': {
    en: 'You may {doing} only in your regions ({mine})',
    zh: '您只能在自己负责的区域（{mine}）内执行此操作：{doing}',
  },
  'api.forbidden.role-not-held': {
    en: 'You do not hold the {role} role',
    zh: '您不具备 {role} 角色',
  },
  'api.not-found.run': { en: 'No such run', zh: '没有这个流程' },
  'api.not-found.case': { en: 'No {noun} {id}', zh: '没有找到 {noun} {id}' },
  'api.not-found.region': { en: 'No {what} for region {region}', zh: '没有区域 {region} 的 {what}' },
  'api.conflict.repeated-start': {
    en: '{existing} already exists with other details: {fields}. Nothing was changed; change them on the {noun} itself',
    zh: '已存在{existing}，但细节不同：{fields}。未做任何更改；请在该{noun}上修改',
  },
  'api.ended.case': {
    en: 'The {noun} {id} is {stage} and takes no more actions',
    zh: '{noun} {id} 已是 {stage} 状态，不再接受任何操作',
  },
  'api.ended.launch': {
    en: 'Launch {launchId} is {status} and takes no more actions',
    zh: '上市准备 {launchId} 已是 {status} 状态，不再接受任何操作',
  },
  'api.ended.launch-plan': {
    en: 'Launch {launchId} is {status}; there is nothing left to plan',
    zh: '上市准备 {launchId} 已是 {status} 状态，没有可再排期的内容',
  },
  'api.unknown.item': {
    en: 'Launch {launchId} has no checklist item "{key}"',
    zh: '上市准备 {launchId} 没有检查项「{key}」',
  },
  'api.unknown.gate': { en: 'Launch {launchId} has no gate "{key}"', zh: '上市准备 {launchId} 没有关口「{key}」' },
  'api.forbidden.no-sign-off-role': {
    en: 'This gate needs sign-offs from {roles}; you hold none that has yet to sign',
    zh: '此关口需要 {roles} 签核；您没有尚未签核的相应角色',
  },
  'api.invalid.ambiguous-role': {
    en: 'You could sign as {roles}; say which in "role"',
    zh: '您可以以 {roles} 身份签核；请在「role」中指明',
  },
  'api.none': { en: 'none', zh: '无' },
  'api.mail.address-refused': {
    en: 'The mail server refused {email} for good ({reason}); check the address. No invitation was kept',
    zh: '邮件服务器永久拒收 {email}（{reason}）；请检查该地址。邀请未保留',
  },
  // Lean engine (issue 14): a run with too many actions in flight refuses more for a moment.
  'api.unavailable.run-busy': {
    en: 'The run has too many actions in flight just now; nothing was changed, try again shortly',
    zh: '该流程当前有过多操作正在处理；未做任何更改，请稍后重试',
  },
} as const satisfies Catalog;

export const { say: apiSays } = speaker(API_TEXT);
