//! CSV import and export of assets.
