//! Use cases over plans.
