//! Commands over plans: one call into the facade each.
