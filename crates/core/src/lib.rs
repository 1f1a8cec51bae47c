//! Core types shared by every Marsad stage.
//!
//! These types carry no I/O and pull in no search or HTTP library, so the
//! analysis, ingest, store and server crates can all speak them.
//!
//! ```
//! use marsad_core::Article;
//! let mut a = Article::default();
//! a.content = "أكد الكرملين أن روسيا ستدرس الاقتراح".into();
//! a.url = Some("http://example.com/1".into());
//! a.assign_id();
//! assert_eq!(a.id, "http://example.com/1");
//! assert!(a.has_text());
//! ```
#![deny(missing_docs)]

mod article;
mod origin;

pub use article::{Article, ArticleKey};
pub use origin::{Origin, Position};
