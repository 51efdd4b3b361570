/** A spreadsheet as Excel's "CSV UTF-8" saves it: a BOM, CRLF, 6 asset rows of which 2 are
 * bad (row 4 has no name, row 5 an unknown kind). Also in /tmp/assets-import.csv for the app. */
export const IMPORT_CSV =
  "\uFEFFAsset name,Type,Owner,Criticality,Data,RTO,RPO\r\n" +
  "FS-02,Server,Tom Okafor,1,PHI;PII,4h,1h\r\n" +
  "X-ray imaging PC,Workstation,Ana Reyes,2,PHI,1d,1d\r\n" +
  ",Server,Tom Okafor,2,,,\r\n" +
  "Phone system,Telephony,Ana Reyes,3,,,\r\n" +
  "Guest Wi-Fi,Network device,,4,,,\r\n" +
  "Card terminal,Other,Ana Reyes,2,Payment card,30 min,0\r\n";
