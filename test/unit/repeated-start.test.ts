import { differingDetails } from '../../api/http/repeated-start';

describe('a repeated start compared with the first', () => {
  const original = {
    request: {
      account: 'acme',
      opportunity: { id: 'OPP-1', amount: 80_000, currency: 'CNY' },
      criteria: [{ key: 'a' }],
    },
    requestedBy: 'sam@east.example',
    calendar: { name: 'cn-mainland', version: 3 },
    contacts: { regionalOps: 'rita@east.example' },
  };

  it('finds nothing when only who sent it, or the calendar pinned since, differs', () => {
    expect(
      differingDetails(original, {
        ...original,
        requestedBy: 'crm@hq.example',
        calendar: { name: 'cn-mainland', version: 4 },
      }),
    ).toEqual([]);
  });

  it("names each field that differs, as the request body's own dotted path", () => {
    const repeat = {
      ...original,
      request: { ...original.request, opportunity: { ...original.request.opportunity, amount: 95_000 }, criteria: [] },
      contacts: {},
    };
    expect(differingDetails(original, repeat)).toEqual(['contacts.regionalOps', 'criteria', 'opportunity.amount']);
  });

  it('names a field only one of them has', () => {
    expect(differingDetails({ start: { a: 1 } }, { start: { a: 1, b: 2 } })).toEqual(['b']);
  });
});
