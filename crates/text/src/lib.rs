//! Arabic text analysis (placeholder, being written).
