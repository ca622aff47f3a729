import type { CrmMapping } from './mapping';

/**
 * Mappings Baton ships for the two CRM shapes it knows (samples beside them in ./samples): a
 * Salesforce Opportunity as an outbound flow or platform event sends it (`sobject` with its
 * `attributes.type`), and a HubSpot deal as a workflow's "send a webhook" action sends its
 * properties; a Salesforce Contract, and a HubSpot custom "contract" object, whose dates start or
 * update the renewal. Stage names and custom fields (Region__c, baton_region...) are what a CRM admin adds
 * for Baton; an admin changes them through the mapping API without a release.
 */

const TRIAL_CRITERIA = [
  {
    key: 'success-plan',
    description: 'The success plan agreed with the customer is met',
    measuredBy: 'the customer confirms each point of the success plan',
  },
];

const salesforce: CrmMapping = {
  objects: [
    {
      kind: 'opportunity',
      when: { path: 'sobject.attributes.type', equals: 'Opportunity' },
      fields: {
        id: 'sobject.Id',
        account: 'sobject.Account.Name',
        stage: 'sobject.StageName',
        modifiedAt: 'sobject.LastModifiedDate',
        amount: 'sobject.Amount',
        currency: 'sobject.CurrencyIsoCode',
        owner: 'sobject.Owner.Alias',
        closeDate: 'sobject.CloseDate',
        region: 'sobject.Account.Region__c',
        industry: 'sobject.Account.Industry',
        product: 'sobject.Product__c',
      },
      stages: { trial: ['Proof of Concept'], won: ['Closed Won'] },
      defaults: { calendar: 'cn-mainland', durationDays: 30, criteria: TRIAL_CRITERIA },
    },
    {
      kind: 'contract',
      when: { path: 'sobject.attributes.type', equals: 'Contract' },
      fields: {
        id: 'sobject.Id',
        account: 'sobject.Account.Name',
        termStart: 'sobject.StartDate',
        contractEnd: 'sobject.EndDate',
        modifiedAt: 'sobject.LastModifiedDate',
        value: 'sobject.Annual_Value__c',
        currency: 'sobject.CurrencyIsoCode',
        region: 'sobject.Account.Region__c',
        tier: 'sobject.Customer_Tier__c',
      },
      defaults: { calendar: 'cn-mainland' },
    },
  ],
};

const hubspot: CrmMapping = {
  objects: [
    {
      kind: 'opportunity',
      when: { path: 'objectType', equals: 'deal' },
      fields: {
        id: 'objectId',
        account: 'associatedCompany.name',
        stage: 'properties.dealstage',
        modifiedAt: 'properties.hs_lastmodifieddate',
        amount: 'properties.amount',
        currency: 'properties.deal_currency_code',
        owner: 'properties.baton_sales_owner',
        closeDate: 'properties.closedate',
        region: 'properties.baton_region',
        industry: 'properties.industry',
        product: 'properties.baton_product',
      },
      stages: { trial: ['trial'], won: ['closedwon'] },
      defaults: { calendar: 'cn-mainland', durationDays: 30, criteria: TRIAL_CRITERIA },
    },
    {
      kind: 'contract',
      when: { path: 'objectType', equals: 'contract' },
      fields: {
        id: 'objectId',
        account: 'associatedCompany.name',
        termStart: 'properties.contract_start_date',
        contractEnd: 'properties.contract_end_date',
        modifiedAt: 'properties.hs_lastmodifieddate',
        value: 'properties.annual_value',
        currency: 'properties.contract_currency_code',
        region: 'properties.baton_region',
        tier: 'properties.baton_tier',
      },
      defaults: { calendar: 'cn-mainland' },
    },
  ],
};

export const SHIPPED_MAPPINGS = { salesforce, hubspot } as const;
