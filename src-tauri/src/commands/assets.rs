//! Commands over assets: one call into the facade each.
