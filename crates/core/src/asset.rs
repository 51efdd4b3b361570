//! A client's critical assets and their risk.
