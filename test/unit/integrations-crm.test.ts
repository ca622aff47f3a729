import { workingDays } from '../../domain/shared/business-calendar';
import { createPocState } from '../../domain/poc/create';
import { applyPocCrmDetails, type PocCrmDetailsRequest } from '../../domain/poc/crm-details';
import { wordText, type Language } from '../../domain/shared/text';
import { POC_TEXT } from '../../domain/poc/text';
import { crmMappingSchema } from '../../domain/integrations/mapping';
import { translate, type Translation } from '../../domain/integrations/translate';
import { MAPPING_TEXT } from '../../domain/integrations/mapping-text';
import { SHIPPED_MAPPINGS } from '../../domain/integrations/shipped-mappings';
import { caseEventsOf, entryStageEvents, storedStageEvent } from '../../domain/integrations/case-events';
import { pocInput } from '../helpers/poc-fixtures';
import salesforceTrial from '../../domain/integrations/samples/salesforce-opportunity-trial.json';
import hubspotTrial from '../../domain/integrations/samples/hubspot-deal-trial.json';

const NOW = new Date('2026-03-05T09:00:00Z');
const trial = () => {
  const input = pocInput({ plannedStart: '2026-03-09' });
  return createPocState(input, workingDays(input.calendar.definition), NOW, 'poc:acme:OPP-1');
};
const details = (
  eventId: string,
  modifiedAt: string,
  changes: Partial<Record<string, unknown>>,
): PocCrmDetailsRequest => ({
  source: 'salesforce',
  eventId,
  changes: Object.fromEntries(Object.entries(changes).map(([field, value]) => [field, { value, modifiedAt }])),
});

describe('the CRM changing a trial', () => {
  it('applies newer facts with one timeline entry, in both languages', () => {
    const state = trial();
    const seq = state.seq;
    const result = applyPocCrmDetails(
      state,
      details('e1', '2026-03-05T10:00:00Z', { amount: 65_000, owner: 'sally', stage: 'Proof of Concept' }),
      NOW,
    );
    expect(result.applied).toEqual(['amount', 'owner', 'stage']);
    expect(state.opportunity.amount).toBe(65_000);
    expect(state.salesOwner).toBe('sally');
    expect(state.seq).toBe(seq + 1);
    const entry = state.timeline.at(-1)!;
    expect(entry.type).toBe('poc.crm-details-updated');
    expect(entry.summary).toBe(
      'The CRM (salesforce) updated the POC for acme (opportunity OPP-1): amount 50000 → 65000, sales owner sam → sally, CRM stage Proof of Concept',
    );
    expect(wordText(POC_TEXT, entry.message!, 'zh')).toBe(
      'CRM（salesforce）更新了acme 的 POC 试用（商机 OPP-1）：金额 50000 → 65000、销售负责人 sam → sally、CRM 阶段 Proof of Concept',
    );
  });

  it('ignores, field by field, what an older event says', () => {
    const state = trial();
    applyPocCrmDetails(state, details('e2', '2026-03-05T12:00:00Z', { amount: 70_000 }), NOW);
    const seq = state.seq;
    const late = applyPocCrmDetails(
      state,
      details('e1', '2026-03-05T11:00:00Z', { amount: 60_000, owner: 'sally' }),
      NOW,
    );
    expect(late).toMatchObject({ applied: ['owner'], ignored: ['amount'] });
    expect(state.opportunity.amount).toBe(70_000);
    expect(state.salesOwner).toBe('sally');
    expect(state.seq).toBe(seq + 1);
    const again = applyPocCrmDetails(state, details('e1', '2026-03-05T11:00:00Z', { owner: 'sally' }), NOW);
    expect(again).toMatchObject({ applied: [], ignored: ['owner'] });
    expect(state.seq).toBe(seq + 1);
  });
});

describe('CRM mappings', () => {
  it('ships valid Salesforce and HubSpot mappings', () => {
    for (const mapping of Object.values(SHIPPED_MAPPINGS))
      expect(crmMappingSchema.safeParse(mapping).success).toBe(true);
  });

  it('reads a Salesforce opportunity and a HubSpot deal in a trial stage as a POC request', () => {
    const salesforce = translate(SHIPPED_MAPPINGS.salesforce, salesforceTrial);
    expect(salesforce).toMatchObject({
      ok: true,
      facts: { id: '006Dn00000AcmeOPP', account: 'Acme Retail', amount: 50000, stage: 'Proof of Concept' },
      commands: [{ type: 'request-poc' }],
    });
    const hubspot = translate(SHIPPED_MAPPINGS.hubspot, hubspotTrial);
    expect(hubspot).toMatchObject({
      ok: true,
      facts: { id: '9876543210', account: 'Globex', amount: 42000, modifiedAt: '2026-12-01T10:00:00.000Z' },
      commands: [{ type: 'request-poc' }],
    });
  });

  it('names every missing or unusable fact with its path', () => {
    const broken = {
      sobject: { attributes: { type: 'Opportunity' }, Id: '006X', Amount: 'lots', LastModifiedDate: 'never' },
    };
    const result = translate(SHIPPED_MAPPINGS.salesforce, broken);
    expect(problemsIn(result)).toEqual([
      'sobject.Account.Name (account) is missing',
      'sobject.StageName (stage) is missing',
      'sobject.LastModifiedDate (modifiedAt) is not a date-time or epoch milliseconds: "never"',
      'sobject.Amount (amount) is not a non-negative number: "lots"',
    ]);
    expect(problemsIn(result, 'zh')).toEqual([
      'sobject.Account.Name（account）缺失',
      'sobject.StageName（stage）缺失',
      'sobject.LastModifiedDate（modifiedAt）不是日期时间或纪元毫秒数："never"',
      'sobject.Amount（amount）不是非负数："lots"',
    ]);
    const lead = translate(SHIPPED_MAPPINGS.salesforce, { sobject: { attributes: { type: 'Lead' } } });
    expect(problemsIn(lead)).toEqual([
      'the payload matches no object of the mapping (looked for one of: sobject.attributes.type = "Opportunity"; sobject.attributes.type = "Contract")',
    ]);
    expect(problemsIn(lead, 'zh')).toEqual([
      '事件内容不匹配映射中的任何对象（查找的是以下之一：sobject.attributes.type = "Opportunity"；sobject.attributes.type = "Contract"）',
    ]);
  });
});

/** A refused translation's problems, each worded in `language` from its catalog text (its message is the English). */
function problemsIn(result: Translation, language: Language = 'en'): (string | undefined)[] {
  if (result.ok) throw new Error('the translation was expected to fail');
  if (language === 'en')
    for (const problem of result.problems) expect(wordText(MAPPING_TEXT, problem.text, 'en')).toBe(problem.message);
  return result.problems.map((problem) => wordText(MAPPING_TEXT, problem.text, language));
}

describe('CRM contracts', () => {
  const contract = (sobject: Record<string, unknown>) => ({
    sobject: {
      attributes: { type: 'Contract' },
      Id: '800A',
      StartDate: '2026-07-01',
      EndDate: '2027-06-30',
      Annual_Value__c: 120000,
      Account: { Name: 'Acme', Region__c: 'east' },
      LastModifiedDate: '2026-12-03T08:00:00.000+0000',
      ...sobject,
    },
  });

  it('reads a Salesforce Contract as the facts of a renewal and asks to start or update it', () => {
    expect(translate(SHIPPED_MAPPINGS.salesforce, contract({}))).toMatchObject({
      ok: true,
      kind: 'contract',
      facts: {
        id: '800A',
        account: 'Acme',
        termStart: '2026-07-01',
        contractEnd: '2027-06-30',
        value: 120000,
        region: 'east',
        modifiedAt: '2026-12-03T08:00:00.000Z',
      },
      commands: [{ type: 'renew-contract' }],
    });
  });

  it('names each unusable date or value with its path', () => {
    expect(
      problemsIn(translate(SHIPPED_MAPPINGS.salesforce, contract({ EndDate: 'soon', Annual_Value__c: -5 }))),
    ).toEqual([
      'sobject.EndDate (contractEnd) is not a date: "soon"',
      'sobject.Annual_Value__c (value) is not a non-negative number: "-5"',
    ]);
    const reversed = translate(SHIPPED_MAPPINGS.salesforce, contract({ EndDate: '2026-01-01' }));
    expect(problemsIn(reversed)).toEqual([
      'sobject.EndDate (contractEnd) 2026-01-01 is not after the term start 2026-07-01',
    ]);
    expect(problemsIn(reversed, 'zh')).toEqual([
      'sobject.EndDate（contractEnd）2026-01-01 不晚于合同期开始日期 2026-07-01',
    ]);
  });
});

describe('case events out', () => {
  const owner = { playbook: 'poc', caseId: 'poc:acme:OPP-1', region: 'east', account: 'acme' };
  const history = [
    { stage: 'requested', enteredAt: '2026-03-05T09:00:00.000Z' },
    { stage: 'approved', enteredAt: '2026-03-05T10:00:00.000Z' },
    { stage: 'converted', enteredAt: '2026-03-20T10:00:00.000Z' },
  ];

  it('makes one message per stage entered and per outcome, each with an id fixed by the event', () => {
    const events = caseEventsOf(owner, history, [
      { n: 1, at: history[0]!.enteredAt, type: 'poc.requested', summary: 'requested' },
      { n: 9, at: history[2]!.enteredAt, type: 'poc.converted', summary: 'converted' },
      { n: 10, at: history[2]!.enteredAt, type: 'poc.approval-escalation', summary: 'late' },
    ]);
    expect(events.map((event) => [event.messageId, event.message.type])).toEqual([
      ['poc:acme:OPP-1:stage:0', 'case.created'],
      ['poc:acme:OPP-1:stage:1', 'case.stage-changed'],
      ['poc:acme:OPP-1:stage:2', 'case.stage-changed'],
      ['poc:acme:OPP-1:9:won', 'case.won'],
      ['poc:acme:OPP-1:10:escalated', 'case.escalated'],
    ]);
    expect(events[2]!.message.stage).toEqual({ before: 'approved', after: 'converted' });
  });

  it("reads a launch run's status moves from its timeline: started, then launched or cancelled", () => {
    const run = { playbook: 'launch', caseId: 'atlas', region: 'east,west', account: 'Atlas' };
    const events = entryStageEvents(
      run,
      [
        { n: 1, at: '2026-03-01T09:00:00.000Z', type: 'run.started', summary: 'started' },
        { n: 2, at: '2026-03-02T09:00:00.000Z', type: 'item.completed', summary: 'done', after: { status: 'done' } },
        {
          n: 3,
          at: '2026-03-09T09:00:00.000Z',
          type: 'gate.go',
          summary: 'go',
          before: { status: 'active' },
          after: { status: 'launched' },
        },
      ],
      'active',
      (entry) => /^(run|gate)\./.test(entry.type),
    );
    // Entry 2's status is an item's, not the run's.
    expect(events.map((event) => [event.messageId, event.message.type, event.message.stage])).toEqual([
      ['atlas:stage:0', 'case.created', { after: 'active' }],
      ['atlas:3:stage-changed', 'case.stage-changed', { before: 'active', after: 'launched' }],
    ]);
  });

  it("tells a renewal's stage move by what the read model stored before, keyed by term and stage", () => {
    const renewal = { playbook: 'renewal', caseId: 'renewal:acme:C-1', region: 'east', account: 'acme' };
    const now = { stage: 'proposal', term: 1, enteredAt: '2026-03-01T09:00:00.000Z' };
    expect(storedStageEvent(renewal, null, now, 1)?.messageId).toBe('renewal:acme:C-1:stage:0');
    expect(storedStageEvent(renewal, { stage: 'proposal', term: 1 }, now, 4)).toBeNull();
    const moved = storedStageEvent(renewal, { stage: 'health_review', term: 1 }, now, 4)!;
    expect([moved.messageId, moved.message.type, moved.message.stage]).toEqual([
      'renewal:acme:C-1:stage:1:proposal',
      'case.stage-changed',
      { before: 'health_review', after: 'proposal' },
    ]);
    const nextTerm = storedStageEvent(
      renewal,
      { stage: 'outcome', term: 1 },
      { ...now, stage: 'health_review', term: 2 },
      9,
    );
    expect(nextTerm?.messageId).toBe('renewal:acme:C-1:stage:2:health_review');
  });
});
