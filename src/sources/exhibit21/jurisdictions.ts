/**
 * Places of incorporation an Exhibit 21 names: US states and territories (names and postal codes),
 * Canadian provinces, countries and the usual variants. Used only to tell a jurisdiction apart from the
 * end of a company name in text lists ("Acme Ltd. (Bermuda)", "Acme Inc., a Delaware corporation").
 */
const US = [
  'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'District of Columbia',
  'Florida', 'Georgia', 'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine',
  'Maryland', 'Massachusetts', 'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada',
  'New Hampshire', 'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon',
  'Pennsylvania', 'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia',
  'Washington', 'West Virginia', 'Wisconsin', 'Wyoming', 'Puerto Rico', 'Guam', 'U.S. Virgin Islands', 'Virgin Islands',
  'American Samoa', 'Northern Mariana Islands',
];
const US_CODES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD',
  'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD',
  'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR',
];
const CANADA = [
  'Alberta', 'British Columbia', 'Manitoba', 'New Brunswick', 'Newfoundland', 'Newfoundland and Labrador', 'Nova Scotia',
  'Ontario', 'Prince Edward Island', 'Quebec', 'Québec', 'Saskatchewan', 'Yukon', 'Nunavut', 'Northwest Territories',
];
const COUNTRIES = [
  'Afghanistan', 'Albania', 'Algeria', 'Andorra', 'Angola', 'Anguilla', 'Antigua', 'Argentina', 'Armenia', 'Aruba', 'Australia',
  'Austria', 'Azerbaijan', 'Bahamas', 'The Bahamas', 'Bahrain', 'Bangladesh', 'Barbados', 'Belarus', 'Belgium', 'Belize',
  'Benin', 'Bermuda', 'Bolivia', 'Bosnia and Herzegovina', 'Botswana', 'Brazil', 'British Virgin Islands', 'Brunei', 'Bulgaria',
  'Burkina Faso', 'Cambodia', 'Cameroon', 'Canada', 'Cayman Islands', 'Channel Islands', 'Chile', 'China', "People's Republic of China",
  'Peoples Republic of China', 'PRC', 'P.R.C.', 'Colombia', 'Congo', 'Costa Rica', "Cote d'Ivoire", 'Croatia', 'Cuba', 'Curacao',
  'Curaçao', 'Cyprus', 'Czech Republic', 'Czechia', 'Denmark', 'Dominica', 'Dominican Republic', 'Ecuador', 'Egypt',
  'El Salvador', 'England', 'England and Wales', 'England & Wales', 'Estonia', 'Ethiopia', 'Fiji', 'Finland', 'France',
  'Gabon', 'Germany', 'Ghana', 'Gibraltar', 'Greece', 'Guatemala', 'Guernsey', 'Guyana', 'Haiti', 'Honduras', 'Hong Kong',
  'Hong Kong SAR', 'Hungary', 'Iceland', 'India', 'Indonesia', 'Iran', 'Iraq', 'Ireland', 'Republic of Ireland', 'Isle of Man',
  'Israel', 'Italy', 'Jamaica', 'Japan', 'Jersey', 'Jordan', 'Kazakhstan', 'Kenya', 'Korea', 'South Korea', 'Republic of Korea',
  'Kosovo', 'Kuwait', 'Latvia', 'Lebanon', 'Liberia', 'Libya', 'Liechtenstein', 'Lithuania', 'Luxembourg', 'Macau', 'Macao',
  'Madagascar', 'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Marshall Islands', 'Mauritius', 'Mexico', 'Moldova',
  'Monaco', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique', 'Myanmar', 'Namibia', 'Nepal', 'Netherlands', 'The Netherlands',
  'Netherlands Antilles', 'New Zealand', 'Nicaragua', 'Niger', 'Nigeria', 'North Macedonia', 'Macedonia', 'Northern Ireland',
  'Norway', 'Oman', 'Pakistan', 'Panama', 'Papua New Guinea', 'Paraguay', 'Peru', 'Philippines', 'Poland', 'Portugal',
  'Qatar', 'Romania', 'Russia', 'Russian Federation', 'Rwanda', 'Saudi Arabia', 'Scotland', 'Senegal', 'Serbia', 'Seychelles',
  'Singapore', 'Slovakia', 'Slovak Republic', 'Slovenia', 'South Africa', 'Spain', 'Sri Lanka', 'St. Lucia', 'Sweden',
  'Switzerland', 'Taiwan', 'Tanzania', 'Thailand', 'Trinidad and Tobago', 'Trinidad', 'Tunisia', 'Turkey', 'Türkiye',
  'Turks and Caicos Islands', 'Uganda', 'Ukraine', 'United Arab Emirates', 'UAE', 'U.A.E.', 'United Kingdom', 'UK', 'U.K.',
  'Great Britain', 'United States', 'United States of America', 'USA', 'U.S.A.', 'U.S.', 'US', 'Uruguay', 'Uzbekistan',
  'Venezuela', 'Vietnam', 'Viet Nam', 'Wales', 'Zambia', 'Zimbabwe', 'Labuan', 'Mauritius', 'Barbados', 'Samoa',
];

const fold = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
const NAMES = new Set([...US, ...CANADA, ...COUNTRIES].map(fold));
const CODES = new Set(US_CODES);

/**
 * Is this text a place of incorporation? A known place, optionally qualified ("(USA) Delaware",
 * "United States, Delaware", "Nonthaburi, Thailand", "State of Ohio").
 */
export function isJurisdiction(text: string): boolean {
  const t = text.trim().replace(/^(?:the\s+)?(?:state|commonwealth|province|republic|kingdom)\s+of\s+/i, '');
  if (!t || t.length > 60) return false;
  if (CODES.has(t.replace(/\.$/, ''))) return true;
  const f = fold(t).replace(/^\((?:usa|us|u\.s\.)\)\s*/, '');
  if (NAMES.has(f) || NAMES.has(f.replace(/\.$/, ''))) return true;
  const parts = f.split(/\s*[,/;]\s*|\s+-\s+/).filter(Boolean);
  return parts.length > 1 && parts.length <= 3 && parts.every((p) => p.split(' ').length <= 4)
    && parts.some((p) => NAMES.has(p) || CODES.has(p.toUpperCase()));
}
