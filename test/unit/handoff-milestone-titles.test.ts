import { milestoneTitleIn, MILESTONE_TITLES_ZH } from '../../domain/handoff/shipped-titles';
import { DEFAULT_MILESTONES } from '../../domain/handoff/transitions';

// The Chinese board words the default project template's milestones in Chinese (newcomer walk 9: the
// PM's handoff day showed them in English); a title a template changed stays as written.
describe('handoff milestone titles in the reader language', () => {
  it.each(DEFAULT_MILESTONES.map((milestone) => milestone.title))('has a Chinese wording of "%s"', (title) => {
    expect(MILESTONE_TITLES_ZH[title]).toMatch(/[\u4e00-\u9fff]/);
    expect(milestoneTitleIn(title, 'zh')).toBe(MILESTONE_TITLES_ZH[title]);
    expect(milestoneTitleIn(title, 'en')).toBe(title);
  });

  it('keeps a title of its own as written', () => {
    expect(milestoneTitleIn('Data migrated', 'zh')).toBe('Data migrated');
  });
});
