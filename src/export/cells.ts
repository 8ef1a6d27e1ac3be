// Cell values for spreadsheets. A text cell that starts with = + - @ (or a tab or carriage
// return) is read by Excel, WPS and LibreOffice as a formula: a report's subject such as
// "-12" or "=HYPERLINK(...)" would run, not show (CSV injection). As OWASP recommends, such a
// cell gets a leading single quote — which the spreadsheet shows as text and does not
// display — and, in CSV, is quoted. Numbers are never touched: -3 stays the number -3.
// Shared by every spreadsheet-bound writer (CSV now, XLSX later).

/** The first characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text cell would be read as a formula. */
export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s);
}

/** A text cell as it must be written for a spreadsheet: with a leading ' when it would start a formula. */
export function neutralizeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}
