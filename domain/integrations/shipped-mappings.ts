import type { CrmMapping } from './mapping';

/**
 * Mappings Baton ships for the two CRM shapes it knows (samples beside them in ./samples): a
 * Salesforce Opportunity as an outbound flow or platform event sends it (`sobject` with its
 * `attributes.type`), and a HubSpot deal as a workflow's "send a webhook" action sends its
 * properties. Stage names and custom fields (Region__c, baton_region...) are what a CRM admin adds
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
  ],
};

export const SHIPPED_MAPPINGS = { salesforce, hubspot } as const;
