/** The eight sections every report has, in order, in every format. */
import type { ReportKind } from './reportModel.js';

export const SECTIONS = [
  { id: 'summary' }, { id: 'ranking' }, { id: 'trend' }, { id: 'categories' },
  { id: 'relationships' }, { id: 'awards' }, { id: 'method' }, { id: 'reproduce' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

const TITLES: Record<SectionId, string> = {
  summary: 'Summary', ranking: 'Top company families', trend: 'Trend', categories: 'Categories', relationships: 'Relationships',
  awards: 'Top awards', method: 'Method and caveats', reproduce: 'Reproduce',
};

/** A section's heading; section 2 of a company report ranks agencies. */
export function sectionTitle(id: SectionId, kind: ReportKind): string {
  return id === 'ranking' && kind === 'company' ? 'Top agencies' : TITLES[id];
}
