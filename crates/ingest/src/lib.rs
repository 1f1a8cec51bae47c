//! Readers for raw news (placeholder, being written).
