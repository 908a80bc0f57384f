import {
  CLOUD_WEATHER_SUBTIER, LOGISTICS_SUBTIER, PAPERWORK_SUBTIER, PROCUREMENT_SUBTIER, RECORDS_SUBTIER,
} from './agencyCodes.js';
import type { DemoSubtier } from './agencyCodes.js';
import { NAICS, PSC } from './catalog.js';
import type { AwardTypeKey, Naics, Psc } from './catalog.js';
import {
  HOLLOWBROOK_DATA, HOLLOWBROOK_FEDERAL, LANTERNFISH, NIMBUS, PAPERCLIP, PAPERCLIP_USG, PUDDLE_MOTORS,
  QUADRANT, QUILLMARK, SPARROWGRASS, TEACUP,
} from './names.js';
import type { DemoCompany } from './names.js';

// What each fictional prime sells, to whom, in what sizes. The award generator draws from these.

/** An indefinite-delivery vehicle (IDV) under which a supplier receives task and delivery orders. */
export interface DemoVehicle {
  readonly piid: string;
  readonly agency: DemoSubtier;
}

/** How a fictional prime contractor does business with the demo department. */
export interface SupplierProfile {
  readonly company: DemoCompany;
  /** Relative share of awards. */
  readonly weight: number;
  /** Program subtiers it works for, with integer weights. */
  readonly subtiers: ReadonlyArray<readonly [string, number]>;
  readonly psc: readonly Psc[];
  readonly naics: Naics;
  readonly awardTypes: ReadonlyArray<readonly [AwardTypeKey, number]>;
  readonly vehicle?: DemoVehicle;
  /** Base award size: a mantissa of 100-999 times 10^(digits - 3) dollars, digits drawn in this range. */
  readonly digits: readonly [number, number];
  readonly descriptions: readonly string[];
  /** Percent of large awards that report subawards, and to whom. */
  readonly subawards?: { readonly percent: number; readonly to: readonly DemoCompany[] };
}

const BPS = PAPERWORK_SUBTIER.code;
const ACW = CLOUD_WEATHER_SUBTIER.code;
const OHR = RECORDS_SUBTIER.code;
const DFL = LOGISTICS_SUBTIER.code;

/** Every supplier profile; weights need not sum to anything in particular. */
export const SUPPLIERS: readonly SupplierProfile[] = [
  {
    company: QUADRANT,
    weight: 10,
    subtiers: [[ACW, 5], [BPS, 3], [OHR, 1]],
    psc: [PSC.DH10, PSC['7A21']],
    naics: NAICS['541519'],
    awardTypes: [['deliveryOrder', 8], ['purchaseOrder', 2]],
    vehicle: { piid: 'Z9OP0119D00000001', agency: PROCUREMENT_SUBTIER },
    digits: [5, 7],
    descriptions: [
      'NIMBUS IMAGINARY CLOUD (NIC) GOVREGION CONSUMPTION, BRAND NAME - RESELLER',
      'NIMBUS IMAGINARY CLOUD MARKETPLACE SUBSCRIPTIONS VIA RESELLER',
      'RENEWAL OF NIMBUS IMAGINARY CLOUD ENTERPRISE SUPPORT',
    ],
    subawards: { percent: 30, to: [NIMBUS] },
  },
  {
    company: NIMBUS,
    weight: 3,
    subtiers: [[ACW, 3], [BPS, 1]],
    psc: [PSC.DH10],
    naics: NAICS['518210'],
    awardTypes: [['definitive', 1], ['purchaseOrder', 1]],
    digits: [5, 7],
    descriptions: ['NIMBUS IMAGINARY CLOUD PLATFORM SERVICES', 'CLOUD HOSTING FOR THE "FORECAST" DATA LAKE'],
  },
  {
    company: PAPERCLIP,
    weight: 7,
    subtiers: [[BPS, 4], [ACW, 2], [OHR, 2]],
    psc: [PSC.DA01, PSC['7A21'], PSC.D302],
    naics: NAICS['541511'],
    awardTypes: [['deliveryOrder', 5], ['definitive', 3]],
    vehicle: { piid: 'Z9OP0120D00000002', agency: PROCUREMENT_SUBTIER },
    digits: [6, 8],
    descriptions: [
      'PAPERCLIP DATA INTEGRATION PLATFORM LICENSES',
      'CASE ANALYTICS SOFTWARE, OPERATIONS AND MAINTENANCE',
      'ENTERPRISE DATA ANALYTICS SUPPORT SERVICES',
    ],
    subawards: { percent: 35, to: [NIMBUS, SPARROWGRASS] },
  },
  {
    company: PAPERCLIP_USG,
    weight: 4,
    subtiers: [[BPS, 2], [OHR, 1]],
    psc: [PSC['7A21'], PSC.DA01],
    naics: NAICS['511210'],
    awardTypes: [['definitive', 2], ['purchaseOrder', 1]],
    digits: [5, 7],
    descriptions: ['PAPERCLIP PLATFORM SOFTWARE SUBSCRIPTION', 'PAPERCLIP ANALYTICS USER LICENSES, OPTION YEAR'],
    subawards: { percent: 20, to: [NIMBUS] },
  },
  {
    company: HOLLOWBROOK_FEDERAL,
    weight: 9,
    subtiers: [[BPS, 3], [OHR, 2], [DFL, 1], [ACW, 1]],
    psc: [PSC.R408, PSC.R499],
    naics: NAICS['541611'],
    awardTypes: [['definitive', 3], ['deliveryOrder', 2]],
    vehicle: { piid: 'Z9OP0120D00000003', agency: PROCUREMENT_SUBTIER },
    digits: [5, 7],
    descriptions: ['PROGRAM MANAGEMENT SUPPORT SERVICES', 'ACQUISITION SUPPORT, TIER 2', 'RECORDS PROGRAM ADVISORY SERVICES'],
    subawards: { percent: 35, to: [QUILLMARK, TEACUP, HOLLOWBROOK_DATA] },
  },
  {
    company: HOLLOWBROOK_DATA,
    weight: 8,
    subtiers: [[BPS, 3], [OHR, 2], [ACW, 1]],
    psc: [PSC.D302, PSC.D399, PSC.DA01],
    naics: NAICS['541512'],
    awardTypes: [['definitive', 2], ['deliveryOrder', 2]],
    vehicle: { piid: 'Z9OP0121D00000004', agency: PROCUREMENT_SUBTIER },
    digits: [5, 7],
    descriptions: [
      'LEGACY FORMS SYSTEM MODERNIZATION',
      'HELP DESK, TIER 1-2 SUPPORT',
      'RECORDS DATABASE OPERATIONS AND MAINTENANCE',
    ],
    subawards: { percent: 30, to: [SPARROWGRASS, NIMBUS] },
  },
  {
    company: LANTERNFISH,
    weight: 9,
    subtiers: [[DFL, 4], [BPS, 1], [OHR, 1]],
    psc: [PSC.S206, PSC.Z2AA],
    naics: NAICS['561612'],
    awardTypes: [['definitive', 3], ['purchaseOrder', 1]],
    digits: [5, 7],
    descriptions: ['ARMED GUARD SERVICES AT THE IMAGINARY FEDERAL BUILDING', 'OFFICE RENOVATION, SUITE 400'],
    subawards: { percent: 15, to: [SPARROWGRASS] },
  },
  {
    company: QUILLMARK,
    weight: 11,
    subtiers: [[BPS, 2], [OHR, 2], [DFL, 1], [ACW, 1]],
    psc: [PSC.R408],
    naics: NAICS['541611'],
    awardTypes: [['purchaseOrder', 3], ['definitive', 2]],
    digits: [4, 6],
    descriptions: [
      'PROGRAM MANAGEMENT AND ANALYTICAL SUPPORT',
      'STRATEGIC PLANNING SUPPORT FOR THE "PAPERLESS 2025" INITIATIVE',
    ],
  },
  {
    company: PUDDLE_MOTORS,
    weight: 5,
    subtiers: [[DFL, 3], [ACW, 1]],
    psc: [PSC['2310']],
    naics: NAICS['336111'],
    awardTypes: [['purchaseOrder', 1]],
    digits: [4, 6],
    descriptions: ['PURCHASE OF PASSENGER VEHICLES FOR FIELD OFFICES', 'FLEET REPLACEMENT SEDANS'],
  },
  {
    company: TEACUP,
    weight: 5,
    subtiers: [[OHR, 2], [BPS, 1]],
    psc: [PSC.R608],
    naics: NAICS['541930'],
    awardTypes: [['purchaseOrder', 2], ['definitive', 1]],
    digits: [4, 6],
    descriptions: ['TRANSLATION AND INTERPRETING SERVICES'],
  },
];
