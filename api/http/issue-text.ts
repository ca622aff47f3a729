import type { ZodError } from 'zod';
import type { Catalog, Text, TextParam } from '../../domain/shared/text';
import { TEMPLATE_FIELD_TEXT, fieldWords } from './field-names';

/**
 * A request field zod refused, as a sentence about what the person did, naming the field, in
 * English and Chinese (newcomer walk 7: dialogs showed "evidence Invalid input: expected object,
 * received undefined" and, for a union, "expected string to have <=10 characters"). A message a
 * schema wrote itself ("launch id must be 1-63 lowercase letters…") is already a sentence and is
 * kept; zod's own defaults are replaced.
 */

type Issue = ZodError['issues'][number];

export const ISSUE_TEXT = {
  'issue.required': { en: '{field} is required', zh: '请填写{field}' },
  'issue.type': { en: '{field} must be {expected}', zh: '{field}必须是{expected}' },
  'issue.either': { en: '{field} must be {expected}', zh: '{field}必须是{expected}' },
  'issue.empty': { en: '{field} cannot be empty', zh: '{field}不能为空' },
  'issue.string-min': { en: '{field} needs at least {n} characters', zh: '{field}至少需要 {n} 个字符' },
  'issue.string-max': { en: '{field} can have at most {n} characters', zh: '{field}最多 {n} 个字符' },
  'issue.number-min': { en: '{field} must be at least {n}', zh: '{field}不能小于 {n}' },
  'issue.number-above': { en: '{field} must be more than {n}', zh: '{field}必须大于 {n}' },
  'issue.number-max': { en: '{field} must be at most {n}', zh: '{field}不能大于 {n}' },
  'issue.number-below': { en: '{field} must be less than {n}', zh: '{field}必须小于 {n}' },
  'issue.list-empty': { en: 'Give at least one entry in {field}', zh: '{field}至少需要一项' },
  'issue.list-min': { en: 'Give at least {n} entries in {field}', zh: '{field}至少需要 {n} 项' },
  'issue.list-max': { en: '{field} can have at most {n} entries', zh: '{field}最多 {n} 项' },
  'issue.date': { en: '{field} must be a date (YYYY-MM-DD)', zh: '{field}必须是日期（YYYY-MM-DD）' },
  'issue.datetime': {
    en: '{field} must be a date and time (e.g. 2026-12-05T09:00:00Z)',
    zh: '{field}必须是日期和时间（例如 2026-12-05T09:00:00Z）',
  },
  'issue.email': { en: '{field} must be an email address', zh: '{field}必须是电子邮件地址' },
  'issue.url': { en: '{field} must be a web address (https://…)', zh: '{field}必须是网址（https://…）' },
  'issue.format': { en: '{field} is not in the expected form', zh: '{field}的格式不正确' },
  'issue.one-of': { en: '{field} must be one of: {values}', zh: '{field}必须是以下之一：{values}' },
  'issue.exactly': { en: '{field} must be {value}', zh: '{field}必须是 {value}' },
  'issue.unknown-fields': { en: 'There is no field {keys}[ in {field}]', zh: '[{field}中]没有字段 {keys}' },
  'issue.multiple-of': { en: '{field} must be a multiple of {n}', zh: '{field}必须是 {n} 的倍数' },
  'issue.invalid': { en: '{field} is not valid', zh: '{field}无效' },
  // A schema's own wording, met inside a union: it is already a sentence.
  'issue.custom': { en: '{message}', zh: '{message}' },
  'issue.custom-field': { en: '{field} {message}', zh: '{field}：{message}' },
  'issue.the-body': { en: 'The request', zh: '请求' },
  'issue.in-entry': { en: '{field} (entry {n} of {list})', zh: '{list}第 {n} 项的{field}' },
  'issue.type.string': { en: 'text', zh: '文本' },
  'issue.type.number': { en: 'a number', zh: '数字' },
  'issue.type.int': { en: 'a whole number', zh: '整数' },
  'issue.type.boolean': { en: 'yes or no (true or false)', zh: '是或否（true 或 false）' },
  'issue.type.object': { en: 'a group of fields', zh: '一组字段' },
  'issue.type.array': { en: 'a list', zh: '列表' },
  'issue.type.null': { en: 'empty (null)', zh: '空（null）' },
  'issue.type.other': { en: 'something else', zh: '其他类型' },
  'issue.or': { en: '{a} or {b}', zh: '{a}或{b}' },
  // Fields people fill in on the board, by their request name.
  'issue.field.evidence': { en: 'Evidence', zh: '证据' },
  'issue.field.link': { en: 'Link', zh: '链接' },
  'issue.field.note': { en: 'Note', zh: '说明' },
  'issue.field.reason': { en: 'Reason', zh: '原因' },
  'issue.field.reasons': { en: 'Reasons', zh: '理由' },
  'issue.field.launchId': { en: 'Launch id', zh: '上市编号' },
  'issue.field.launchDate': { en: 'Launch date', zh: '上市日期' },
  'issue.field.newLaunchDate': { en: 'New launch date', zh: '新的上市日期' },
  'issue.field.productName': { en: 'Product name', zh: '产品名称' },
  'issue.field.owners': { en: 'Owners', zh: '负责人' },
  'issue.field.regions': { en: 'Regions', zh: '区域' },
  'issue.field.region': { en: 'Region', zh: '区域' },
  'issue.field.account': { en: 'Account', zh: '客户' },
  'issue.field.opportunity': { en: 'Opportunity', zh: '商机' },
  'issue.field.amount': { en: 'Amount', zh: '金额' },
  'issue.field.currency': { en: 'Currency', zh: '币种' },
  'issue.field.summary': { en: 'Summary', zh: '小结' },
  'issue.field.comment': { en: 'Comment', zh: '评论' },
  'issue.field.assignee': { en: 'Assignee', zh: '负责人' },
  'issue.field.dueDate': { en: 'Due date', zh: '截止日期' },
  'issue.field.until': { en: 'Until', zh: '截至' },
  'issue.field.outcome': { en: 'Outcome', zh: '结果' },
  'issue.field.industry': { en: 'Industry', zh: '行业' },
  'issue.field.products': { en: 'Products', zh: '产品' },
  'issue.field.criteria': { en: 'Success criteria', zh: '成功标准' },
  'issue.field.plannedStart': { en: 'Planned start', zh: '计划开始' },
  'issue.field.plannedEnd': { en: 'Planned end', zh: '计划结束' },
  'issue.field.slips': { en: 'Slips', zh: '延期' },
  'issue.field.itemKey': { en: 'Item', zh: '事项' },
  'issue.field.to': { en: 'To', zh: '改到' },
  'issue.field.supportTypes': { en: 'The support asked for', zh: '所需支持' },
} as const satisfies Catalog;

/** Every text a field error is worded from: the sentences, and the names of the fields they name. */
export const ISSUE_CATALOG: Catalog = { ...TEMPLATE_FIELD_TEXT, ...ISSUE_TEXT };

const FIELD_PREFIX = 'issue.field.';
const TYPES = new Set(['string', 'number', 'int', 'boolean', 'object', 'array', 'null']);

/** zod's own wordings (its English locale), which say nothing a person can act on. */
const ZOD_DEFAULT =
  /^(Invalid input|Invalid option|Too big: |Too small: |Invalid string: |Invalid number: |Unrecognized key|Invalid (key|value) in |Invalid discriminator|Invalid [a-zA-Z ]+$)/;

/** An issue's sentence as a catalog text, or undefined when the schema worded the issue itself. */
export function issueText(issue: Issue): Text | undefined {
  if (issue.code === 'custom' || !ZOD_DEFAULT.test(issue.message)) return ownWording(issue.message, issue.path);
  return wordIssue(issue, issue.path);
}

/** A schema's own wording that leaves out its subject ("must be between …") gets the field in front. */
function ownWording(message: string, path: readonly PropertyKey[]): Text | undefined {
  if (!/^(must|needs?|is|are|should|cannot|can|may)\b/.test(message)) return undefined;
  return { key: 'issue.custom-field', params: { field: fieldName(path), message } };
}

function wordIssue(issue: Issue, path: readonly PropertyKey[]): Text {
  const field = fieldName(path);
  const say = (key: keyof typeof ISSUE_TEXT, params: Record<string, TextParam> = {}): Text => ({
    key,
    params: { field, ...params },
  });
  switch (issue.code) {
    case 'invalid_type':
      return / received undefined$/.test(issue.message)
        ? say('issue.required')
        : say('issue.type', { expected: typeName(issue.expected) });
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? say('issue.empty') : say('issue.string-min', { n });
      if (issue.origin === 'array' || issue.origin === 'set')
        return n <= 1 ? say('issue.list-empty') : say('issue.list-min', { n });
      return say(issue.inclusive === false ? 'issue.number-above' : 'issue.number-min', { n });
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return say('issue.string-max', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return say('issue.list-max', { n });
      return say(issue.inclusive === false ? 'issue.number-below' : 'issue.number-max', { n });
    }
    case 'invalid_format':
      if (issue.format === 'date') return say('issue.date');
      if (issue.format === 'datetime') return say('issue.datetime');
      if (issue.format === 'email') return say('issue.email');
      if (issue.format === 'url') return say('issue.url');
      return say('issue.format');
    case 'invalid_value':
      return issue.values.length === 1
        ? say('issue.exactly', { value: String(issue.values[0]) })
        : say('issue.one-of', { values: { list: issue.values.map(String), separator: ', ' } });
    case 'unrecognized_keys':
      return {
        key: 'issue.unknown-fields',
        params: { keys: { list: issue.keys, separator: ', ' }, ...(path.length ? { field } : {}) },
      };
    case 'not_multiple_of':
      return say('issue.multiple-of', { n: Number(issue.divisor) });
    case 'invalid_union':
      return unionText(issue, path, field);
    default:
      return say('issue.invalid');
  }
}

/**
 * A union refused: when no alternative got past the value's type, "must be a date or a list";
 * otherwise the alternative that got furthest (fewest complaints, none about the type) speaks.
 */
function unionText(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: readonly PropertyKey[],
  field: TextParam,
): Text {
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const typeOnly = (branch: readonly Issue[]) =>
    branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;
  if (branches.length === 0) return { key: 'issue.invalid', params: { field } };
  if (branches.every(typeOnly)) {
    const expected = [
      ...new Set(branches.map((branch) => (branch[0] as Extract<Issue, { code: 'invalid_type' }>).expected)),
    ];
    if (/ received undefined$/.test(branches[0]![0]!.message)) return { key: 'issue.required', params: { field } };
    return {
      key: 'issue.either',
      params: {
        field,
        expected: expected
          .map(typeName)
          .reduce((a: TextParam, b: TextParam) => ({ key: 'issue.or', params: { a, b } })),
      },
    };
  }
  const closest = branches.filter((branch) => !typeOnly(branch)).sort((a, b) => a.length - b.length)[0]!;
  const first = closest[0]!;
  const fullPath = [...path, ...first.path];
  if (first.code === 'custom' || !ZOD_DEFAULT.test(first.message))
    return ownWording(first.message, fullPath) ?? { key: 'issue.custom', params: { message: first.message } };
  return wordIssue(first, fullPath);
}

/** "Evidence", "Launch date", or "Item (entry 2 of Slips)"; the whole request when the path is empty. */
function fieldName(path: readonly PropertyKey[]): TextParam {
  const names = path.filter((segment): segment is string => typeof segment === 'string');
  const last = names.at(-1);
  if (last === undefined) return { key: 'issue.the-body', params: {} };
  const named = nameOf(last);
  const index = path.reduce<number>((found, segment, at) => (typeof segment === 'number' ? at : found), -1);
  const list = index > 0 ? path[index - 1] : undefined;
  if (index > 0 && typeof list === 'string' && path.indexOf(last) > index)
    return { key: 'issue.in-entry', params: { field: named, n: Number(path[index]) + 1, list: nameOf(list) } };
  return named;
}

function nameOf(name: string): TextParam {
  const key = `${FIELD_PREFIX}${name}`;
  return key in ISSUE_CATALOG ? { key, params: {} } : fieldWords(name);
}

function typeName(expected: string): Text {
  return { key: TYPES.has(expected) ? `issue.type.${expected}` : 'issue.type.other', params: {} };
}
