import type { TableDecl } from '../../store/tables.js';

/**
 * A source layout, recognised from its header (never its file name), and how its columns map onto a
 * stored table. Layouts are data: the loader derives all SQL from these declarations.
 */
export interface LayoutDecl {
  id: string;
  title: string;
  /** Stored table the rows go to; undefined for layouts that are recognised only to be skipped. */
  target?: TableDecl;
  /** Header columns that must all be present for the layout to be recognised. */
  signature: readonly string[];
  /** Header columns whose presence rules the layout out. */
  excludes?: readonly string[];
  /** Recognised but deliberately not loaded (e.g. assistance/grant files), with the reason shown. */
  skipReason?: string;
  /** Stored column → header column, where the names differ. Columns absent from a header load as NULL. */
  rename?: Readonly<Record<string, string>>;
  /**
   * Stored columns computed in SQL from the staged raw text columns (referred to by their stored names,
   * as `r."name"`), e.g. a key derived from declared key columns.
   */
  derived?: Readonly<Record<string, string>>;
  /** Stored columns that must be present and non-empty in every loaded row. */
  required: readonly string[];
  /** Stored columns the row may omit when it is a deletion. */
  deleteFlag?: { column: string; value: string };
  /** [date column, fiscal-year column]: when both are present they must agree (FY starts 1 October). */
  fiscalYearChecks?: ReadonlyArray<readonly [string, string]>;
  /** [date column, fiscal-year column] computed from the date when the header lacks the year. */
  fiscalYearDerived?: ReadonlyArray<readonly [string, string]>;
  /** Resolve an agency abbreviation through the agency reference (API projections name agencies that way). */
  agencyAbbreviation?: { column: string; keyAgencyColumn: string };
  /** Header columns we recognise and deliberately never store (personal fields). */
  neverStored?: readonly string[];
  /**
   * The layout's full published header, in order. A layout that has one can load a file without a
   * header row (`ingest --layout ID`): the rows are read under this header.
   */
  header?: readonly string[];
  /** Header names are matched without regard to case (older files were written in several cases). */
  caseInsensitiveHeader?: boolean;
  /**
   * Stored column → the pattern (a full-match regular expression) its non-empty values must have. Checked
   * when a file is loaded under a named layout, where every row must fit or nothing is stored.
   */
  codes?: Readonly<Record<string, string>>;
}
