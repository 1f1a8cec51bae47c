//! Where a record came from, so every error and every stored raw record can
//! name its file, archive member and record.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Position of a record inside its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// The whole file is one record (a `.txt` page, a `.json` object).
    Whole,
    /// Zero-based index of an element in a JSON array.
    Index(u64),
    /// One-based line number in a JSON Lines file.
    Line(u64),
}

/// The file (and archive member) and position a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// Path of the file given on the command line or found under a directory.
    pub file: String,
    /// Name of the member inside a zip archive, when the file is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// Position of the record inside the file or member.
    pub position: Position,
}

impl Origin {
    /// An origin for a whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Origin {
            file: file.into(),
            member: None,
            position: Position::Whole,
        }
    }

    /// The same file and member at another position.
    pub fn at(&self, position: Position) -> Self {
        Origin {
            position,
            ..self.clone()
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(m) = &self.member {
            write!(f, "!{m}")?;
        }
        match self.position {
            Position::Whole => Ok(()),
            Position::Index(i) => write!(f, " record {i}"),
            Position::Line(l) => write!(f, " line {l}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_member_and_record() {
        let o = Origin {
            file: "a.zip".into(),
            member: Some("x.json".into()),
            position: Position::Index(7),
        };
        assert_eq!(o.to_string(), "a.zip!x.json record 7");
        assert_eq!(Origin::file("p.txt").at(Position::Line(3)).to_string(), "p.txt line 3");
    }
}
