//! A cap on the number of fields a request selects, aliases included (security.md R-20):
//! depth and complexity limits alone let `{ a1: f a2: f … a1000: f }` through, since each
//! alias of a cheap field costs 1.
//!
//! Checked once per request on the parsed document, before the schema runs it (which reuses
//! that parse), rather than in a schema extension: any extension makes async-graphql route
//! every resolved field and list item through the extension chain (a boxed future each),
//! which cost about 4 % of a month's read.

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Data, Executor, Request, Response, ServerError};
use std::sync::Arc;

use crate::graphql::AppSchema;

/// Most fields (aliases counted, fragments expanded per use) one request may select.
pub const MAX_FIELDS: usize = 500;

/// Refuses a request selecting more than [`MAX_FIELDS`] fields. A request that does not
/// parse passes: the schema reports the syntax error itself.
pub fn check(request: &mut Request) -> Result<(), ServerError> {
    let Ok(document) = request.parsed_query() else {
        return Ok(());
    };
    let mut count = 0;
    for (_, operation) in document.operations.iter() {
        count_fields(document, &operation.node.selection_set.node, &mut count, 0);
    }
    if count > MAX_FIELDS {
        return Err(ServerError::new(
            format!("trop de champs demandés ({count}, au plus {MAX_FIELDS})"),
            None,
        ));
    }
    Ok(())
}

/// The schema with the field cap in front of it, for both transports (HTTP and WebSocket).
#[derive(Clone)]
pub struct LimitedSchema(pub AppSchema);

impl Executor for LimitedSchema {
    async fn execute(&self, mut request: Request) -> Response {
        match check(&mut request) {
            Ok(()) => AppSchema::execute(&self.0, request).await,
            Err(error) => Response::from_errors(vec![error]),
        }
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        match check(&mut request) {
            Ok(()) => Executor::execute_stream(&self.0, request, session_data),
            Err(error) => stream::once(async move { Response::from_errors(vec![error]) }).boxed(),
        }
    }
}

/// Counts fields, stopping early once over the cap (and on fragment cycles, which
/// validation rejects anyway).
fn count_fields(
    document: &ExecutableDocument,
    set: &SelectionSet,
    count: &mut usize,
    depth: usize,
) {
    if *count > MAX_FIELDS || depth > 64 {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                *count += 1;
                count_fields(document, &field.node.selection_set.node, count, depth + 1);
            }
            Selection::InlineFragment(fragment) => {
                count_fields(
                    document,
                    &fragment.node.selection_set.node,
                    count,
                    depth + 1,
                );
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    count_fields(
                        document,
                        &fragment.node.selection_set.node,
                        count,
                        depth + 1,
                    );
                }
            }
        }
    }
}
