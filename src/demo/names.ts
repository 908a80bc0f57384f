import { dayOf } from './calendar.js';

// Fictional companies. Every name carries IMAGINARY, PRETEND or (DEMO) so no one can take a demo row for
// a real supplier, and every UEI starts with "DEMO": real UEIs never contain the letters I or O.

/** A fictional street address (real states, invented streets). */
export interface DemoAddress {
  readonly line1: string;
  readonly city: string;
  readonly countyFips: string;
  readonly county: string;
  readonly stateFips: string;
  readonly state: string;
  readonly stateName: string;
  readonly zip: string;
  readonly district: string;
}

/** A company's parent as self-reported to SAM: one level only, sometimes late. */
export interface DemoParent {
  readonly uei: string;
  readonly duns?: string;
  readonly name: string;
  readonly rawName: string;
  /** Day from which the parent is reported; before it the parent fields are empty. */
  readonly reportedFrom?: number;
}

/** A fictional company that receives awards or subawards. */
export interface DemoCompany {
  readonly key: string;
  readonly name: string;
  readonly rawName: string;
  readonly uei: string;
  /** Printed only on actions before UEIs replaced DUNS (April 2022). */
  readonly duns?: string;
  readonly cage: string;
  readonly parent?: DemoParent;
  readonly address: DemoAddress;
  readonly smallBusiness: boolean;
  /** What the company does when it is a subawardee. */
  readonly subawardWork: string;
}

const ARLINGTON = address('100 IMAGINARY WAY', 'ARLINGTON', '51013', 'ARLINGTON', '51', 'VA', 'VIRGINIA', '222010000', 'VA-08');
const SEATTLE = address('42 PRETEND PLAZA', 'SEATTLE', '53033', 'KING', '53', 'WA', 'WASHINGTON', '981010000', 'WA-07');
const DENVER = address('7 FICTION STREET', 'DENVER', '08031', 'DENVER', '08', 'CO', 'COLORADO', '802020000', 'CO-01');
const AUSTIN = address('1 NOWHERE LANE', 'AUSTIN', '48453', 'TRAVIS', '48', 'TX', 'TEXAS', '787010000', 'TX-37');
const BALTIMORE = address('55 DEMO DRIVE', 'BALTIMORE', '24510', 'BALTIMORE CITY', '24', 'MD', 'MARYLAND', '212010000', 'MD-07');

const HOLLOWBROOK_HOLDINGS: DemoParent = {
  uei: 'DEMOHLWBHLD0',
  duns: '000000900',
  name: 'HOLLOWBROOK HOLDINGS INC (DEMO)',
  rawName: 'HOLLOWBROOK HOLDINGS, INC. (DEMO)',
};

/** The cloud brand that the reseller's transaction descriptions name. */
export const NIMBUS: DemoCompany = {
  key: 'nimbus',
  name: 'NIMBUS IMAGINARY CLOUD LLC',
  rawName: 'Nimbus Imaginary Cloud LLC',
  uei: 'DEMONIMBUS01',
  cage: 'DMO01',
  parent: { uei: 'DEMONIMBUS01', name: 'NIMBUS IMAGINARY CLOUD LLC', rawName: 'NIMBUS IMAGINARY CLOUD LLC' },
  address: SEATTLE,
  smallBusiness: false,
  subawardWork: 'CLOUD HOSTING ON NIMBUS IMAGINARY CLOUD GOVREGION',
};

/** A reseller: the money goes to it, the descriptions name Nimbus Imaginary Cloud. */
export const QUADRANT: DemoCompany = {
  key: 'quadrant',
  name: 'QUADRANT PRETEND TECHNOLOGY LLC',
  rawName: 'QUADRANT PRETEND TECHNOLOGY, L.L.C.',
  uei: 'DEMOQUADRNT1',
  duns: '000000101',
  cage: 'DMO02',
  address: ARLINGTON,
  smallBusiness: true,
  subawardWork: 'SOFTWARE LICENSE RESALE',
};

/** Parent of a second UEI with a name variant, as large vendors have. */
export const PAPERCLIP: DemoCompany = {
  key: 'paperclip',
  name: 'PAPERCLIP ANALYTICS CORP (DEMO)',
  rawName: 'Paperclip Analytics Corp. (DEMO)',
  uei: 'DEMOPAPRCLP1',
  duns: '000000102',
  cage: 'DMO03',
  parent: { uei: 'DEMOPAPRCLP1', name: 'PAPERCLIP ANALYTICS CORP (DEMO)', rawName: 'PAPERCLIP ANALYTICS CORP (DEMO)' },
  address: DENVER,
  smallBusiness: false,
  subawardWork: 'DATA INTEGRATION SOFTWARE SUPPORT',
};

/** Subsidiary of Paperclip Analytics Corp under a government-unit name. */
export const PAPERCLIP_USG: DemoCompany = {
  key: 'paperclip-usg',
  name: 'PAPERCLIP ANALYTICS USG INC (DEMO)',
  rawName: 'PAPERCLIP ANALYTICS USG INC (DEMO)',
  uei: 'DEMOPAPRUSG2',
  cage: 'DMO04',
  parent: { uei: 'DEMOPAPRCLP1', name: 'PAPERCLIP ANALYTICS CORP (DEMO)', rawName: 'Paperclip Analytics Corp (DEMO)' },
  address: DENVER,
  smallBusiness: false,
  subawardWork: 'ANALYTICS PLATFORM ENGINEERING',
};

/** First subsidiary of the fictional Hollowbrook family. */
export const HOLLOWBROOK_FEDERAL: DemoCompany = {
  key: 'hollowbrook-federal',
  name: 'HOLLOWBROOK FEDERAL SERVICES LLC (DEMO)',
  rawName: 'Hollowbrook Federal Services, L.L.C. (DEMO)',
  uei: 'DEMOHLWBFED1',
  duns: '000000103',
  cage: 'DMO05',
  parent: HOLLOWBROOK_HOLDINGS,
  address: ARLINGTON,
  smallBusiness: false,
  subawardWork: 'PROGRAM MANAGEMENT SUPPORT',
};

/** Second Hollowbrook subsidiary, a different UEI; its parent is reported only from mid 2022. */
export const HOLLOWBROOK_DATA: DemoCompany = {
  key: 'hollowbrook-data',
  name: 'HOLLOWBROOK DATA SYSTEMS INC (DEMO)',
  rawName: 'HOLLOWBROOK DATA SYSTEMS INC (DEMO)',
  uei: 'DEMOHLWBDAT2',
  duns: '000000104',
  cage: 'DMO06',
  parent: { ...HOLLOWBROOK_HOLDINGS, reportedFrom: dayOf('2022-06-01') },
  address: BALTIMORE,
  smallBusiness: false,
  subawardWork: 'SOFTWARE DEVELOPMENT SUPPORT',
};

/** Facilities and guard services; reports no parent, as many real recipients. */
export const LANTERNFISH: DemoCompany = {
  key: 'lanternfish',
  name: 'LANTERNFISH FACILITIES GROUP (DEMO)',
  rawName: 'Lanternfish Facilities Group (DEMO)',
  uei: 'DEMOLNTRNFS1',
  duns: '000000105',
  cage: 'DMO07',
  address: AUSTIN,
  smallBusiness: false,
  subawardWork: 'FACILITY SECURITY SUPPORT',
};

/** A small professional-services firm. */
export const QUILLMARK: DemoCompany = {
  key: 'quillmark',
  name: 'QUILLMARK PROFESSIONAL SERVICES LLC (DEMO)',
  rawName: 'QUILLMARK PROFESSIONAL SERVICES LLC (DEMO)',
  uei: 'DEMOQUILMRK1',
  cage: 'DMO08',
  parent: {
    uei: 'DEMOQUILMRK1',
    name: 'QUILLMARK PROFESSIONAL SERVICES LLC (DEMO)',
    rawName: 'QUILLMARK PROFESSIONAL SERVICES LLC (DEMO)',
  },
  address: ARLINGTON,
  smallBusiness: true,
  subawardWork: 'PROGRAM ANALYST SUPPORT',
};

/** A vehicle dealer: purchase orders only. */
export const PUDDLE_MOTORS: DemoCompany = {
  key: 'puddle-motors',
  name: 'PUDDLE MOTORS FLEET SALES (DEMO)',
  rawName: 'Puddle Motors Fleet Sales (DEMO)',
  uei: 'DEMOPUDDLEM1',
  duns: '000000106',
  cage: 'DMO09',
  address: AUSTIN,
  smallBusiness: true,
  subawardWork: 'VEHICLE UPFITTING',
};

/** Translation services, prime and subawardee. */
export const TEACUP: DemoCompany = {
  key: 'teacup',
  name: 'TEACUP TRANSLATION COOPERATIVE (DEMO)',
  rawName: 'Teacup Translation Cooperative (DEMO)',
  uei: 'DEMOTEACUPT1',
  cage: 'DMO10',
  address: BALTIMORE,
  smallBusiness: true,
  subawardWork: 'TRANSLATION AND INTERPRETING SERVICES',
};

/** A subawardee only: never a prime in the demo. */
export const SPARROWGRASS: DemoCompany = {
  key: 'sparrowgrass',
  name: 'SPARROWGRASS CONSULTING LLC (DEMO)',
  rawName: 'SPARROWGRASS CONSULTING, LLC (DEMO)',
  uei: 'DEMOSPARROW1',
  cage: 'DMO11',
  address: DENVER,
  smallBusiness: true,
  subawardWork: 'DATA ANALYST SUPPORT',
};

/** Every fictional company, for tests and documentation. */
export const DEMO_COMPANIES: readonly DemoCompany[] = [
  NIMBUS, QUADRANT, PAPERCLIP, PAPERCLIP_USG, HOLLOWBROOK_FEDERAL, HOLLOWBROOK_DATA,
  LANTERNFISH, QUILLMARK, PUDDLE_MOTORS, TEACUP, SPARROWGRASS,
];

function address(
  line1: string, city: string, countyFips: string, county: string, stateFips: string,
  state: string, stateName: string, zip: string, district: string,
): DemoAddress {
  return { line1, city, countyFips, county, stateFips, state, stateName, zip, district };
}
