//! A cap on the number of fields a request selects, aliases included (security.md R-20):
//! depth and complexity limits alone let `{ a1: f a2: f … a1000: f }` through, since each
//! alias of a cheap field costs 1.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Variables};

/// Most fields (aliases counted, fragments expanded per use) one request may select.
pub const MAX_FIELDS: usize = 500;

pub struct FieldLimit;

impl ExtensionFactory for FieldLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(FieldLimitExtension)
    }
}

struct FieldLimitExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for FieldLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let mut count = 0;
        for (_, operation) in document.operations.iter() {
            count_fields(&document, &operation.node.selection_set.node, &mut count, 0);
        }
        if count > MAX_FIELDS {
            return Err(ServerError::new(
                format!("trop de champs demandés ({count}, au plus {MAX_FIELDS})"),
                None,
            ));
        }
        Ok(document)
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
