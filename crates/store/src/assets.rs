//! Assets, their vulnerabilities and risk entries; CSV import and export.
