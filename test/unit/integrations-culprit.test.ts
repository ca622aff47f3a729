import { culpritLine, linesOfPaths } from '../../web/src/integrations/culprit';

// The mapping editor pins each dry-run problem to the line of the mapping it is about (issue 18).
describe('culprit lines of a mapping', () => {
  const mapping = {
    objects: [
      { kind: 'opportunity', fields: { id: 'objectId', account: 'associatedCompany.name' } },
      { kind: 'contract', fields: { id: 'objectId', account: 'company.name' } },
    ],
  };
  const typed = JSON.stringify(mapping, null, 2);
  const lines = linesOfPaths(typed);
  const lineText = (line: number | undefined) => typed.split('\n')[line! - 1]!.trim();

  it('finds a schema problem by its path, and the nearest enclosing value for a missing key', () => {
    expect(lineText(culpritLine({ path: 'mapping.objects.1.fields.account', message: 'bad' }, lines, mapping))).toBe(
      '"account": "company.name"',
    );
    expect(lineText(culpritLine({ path: 'mapping.objects.0.stages', message: 'required' }, lines, mapping))).toBe('{');
    expect(culpritLine({ path: 'mapping.objects.0.stages', message: 'required' }, lines, mapping)).toBe(3);
  });

  it('finds a payload problem by the mapped path and field it names', () => {
    const line = culpritLine({ message: 'company.name (account) is missing' }, lines, mapping);
    expect(lineText(line)).toBe('"account": "company.name"');
    expect(culpritLine({ message: 'the payload matches no object of the mapping' }, lines, mapping)).toBeUndefined();
  });

  it('reads strings with escapes and brackets inside them', () => {
    const text = '{\n  "a": "x\\"}]",\n  "b": [\n    1,\n    {"c": true}\n  ]\n}';
    const found = linesOfPaths(text);
    expect([found.get('a'), found.get('b'), found.get('b.0'), found.get('b.1.c')]).toEqual([2, 3, 4, 5]);
  });
});
