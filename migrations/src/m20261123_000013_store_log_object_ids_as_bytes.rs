//! Access-log entries store their object ids as bytes, and each assignment pack its people.
//!
//! Every read of a unit's month writes two entries of about 60 ids each. As JSON text an
//! entry's ids took 2.4 KB, formatted by the API, written to the outbox, read and parsed by
//! the appender, written again to `access_log`; and the roster read's entry, written by the
//! statement that reads the pack (`rosters::store::packed_assignments_logged`), had
//! PostgreSQL cut the people out of the pack's JSON with a regular expression and join two
//! JSON arrays. Measured on a throwaway PostgreSQL (2 cores, load 2-3): an insert of such a
//! row took 28 µs as text and 16 µs as bytes, a read 15 µs against 5 µs, and the regular
//! expression and the JSON join 73 µs per read of a month (20 000 rows each).
//!
//! - `access_log.object_ids` and `access_log_outbox.object_ids`: the ids' 16 bytes each, in
//!   order, with nothing between them (`backend/src/audit/object_ids.rs`); 960 bytes for 60
//!   ids. The chain's hashes are computed over the ids, not over their stored form: existing
//!   chains still verify.
//! - `assignment_pack.people`: the version's people (each once, in id order, as in `cells`)
//!   in that form, so that a read's entry names them by concatenation.
//!
//! PostgreSQL converts in place (`ALTER COLUMN ... TYPE ... USING`, which rewrites the table
//! under an exclusive lock: on a large log, run it in a maintenance window). SQLite cannot
//! change a column's type: a new column is filled row by row, the old one dropped and the new
//! one renamed. `down` converts back to JSON text and drops `people`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

const LOG_TABLES: [&str; 2] = ["access_log", "access_log_outbox"];

/// JSON text of ids (`["0e4f…-…", …]`) to their bytes: keep the hex digits, decode them.
const PG_JSON_TO_BYTES: &str = "decode(translate(lower(object_ids), '[]\",- ', ''), 'hex')";

/// The bytes back to JSON text, as serde wrote it (`["…","…"]`).
const PG_BYTES_TO_JSON: &str = "'[' || rtrim(regexp_replace(encode(object_ids, 'hex'), \
     '(.{8})(.{4})(.{4})(.{4})(.{12})', '\"\\1-\\2-\\3-\\4-\\5\",', 'g'), ',') || ']'";

/// The people of a pack's JSON (`"people":["…",…]`), as bytes.
const PG_PACK_PEOPLE: &str = "decode(translate(lower(substring(cells FROM \
     '\"people\":\\[([^]]*)\\]')), '\",- ', ''), 'hex')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            for table in LOG_TABLES {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN object_ids TYPE bytea \
                     USING {PG_JSON_TO_BYTES}"
                ))
                .await?;
            }
            // A pack whose people cannot be found stays NULL and fails the last statement.
            db.execute_unprepared(&format!(
                "ALTER TABLE assignment_pack ADD COLUMN people bytea; \
                 UPDATE assignment_pack SET people = {PG_PACK_PEOPLE}; \
                 ALTER TABLE assignment_pack ALTER COLUMN people SET NOT NULL"
            ))
            .await?;
            return Ok(());
        }
        for table in LOG_TABLES {
            sqlite_retype_ids(db, table, "blob", "x''", |text| {
                Ok(Value::Bytes(Some(json_ids_to_bytes(&text_of(text)?)?)))
            })
            .await?;
        }
        db.execute_unprepared(
            "ALTER TABLE assignment_pack ADD COLUMN people blob NOT NULL DEFAULT x''",
        )
        .await?;
        sqlite_fill(db, "assignment_pack", "cells", "people", |cells| {
            Ok(Value::Bytes(Some(pack_people(&text_of(cells)?)?)))
        })
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            for table in LOG_TABLES {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN object_ids TYPE text \
                     USING {PG_BYTES_TO_JSON}"
                ))
                .await?;
            }
        } else {
            for table in LOG_TABLES {
                sqlite_retype_ids(db, table, "text", "''", |bytes| {
                    Ok(Value::String(Some(bytes_to_json_ids(&bytes_of(bytes)?)?)))
                })
                .await?;
            }
        }
        db.execute_unprepared("ALTER TABLE assignment_pack DROP COLUMN people")
            .await?;
        Ok(())
    }
}

/// SQLite: gives `object_ids` of `table` the type `sql_type`, each value converted: a new
/// column (NOT NULL, `default` only for the ALTER) filled, the old one dropped, the new one
/// renamed.
async fn sqlite_retype_ids(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    sql_type: &str,
    default: &str,
    convert: impl Fn(Value) -> Result<Value, DbErr>,
) -> Result<(), DbErr> {
    db.execute_unprepared(&format!(
        "ALTER TABLE {table} ADD COLUMN object_ids_converted {sql_type} NOT NULL DEFAULT {default}"
    ))
    .await?;
    sqlite_fill(db, table, "object_ids", "object_ids_converted", convert).await?;
    db.execute_unprepared(&format!(
        "ALTER TABLE {table} DROP COLUMN object_ids; \
         ALTER TABLE {table} RENAME COLUMN object_ids_converted TO object_ids"
    ))
    .await?;
    Ok(())
}

/// SQLite: sets `to` of every row of `table` to `convert(from)`.
async fn sqlite_fill(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    from: &str,
    to: &str,
    convert: impl Fn(Value) -> Result<Value, DbErr>,
) -> Result<(), DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            format!("SELECT rowid, {from} FROM {table}"),
        ))
        .await?;
    for row in rows {
        let rowid: i64 = row.try_get_by_index(0)?;
        let value = match row.try_get_by_index::<Option<Vec<u8>>>(1) {
            Ok(bytes) => Value::Bytes(bytes),
            Err(_) => Value::String(row.try_get_by_index::<Option<String>>(1)?),
        };
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            format!("UPDATE {table} SET {to} = ? WHERE rowid = ?"),
            [convert(value)?, rowid.into()],
        ))
        .await?;
    }
    Ok(())
}

fn text_of(value: Value) -> Result<String, DbErr> {
    match value {
        Value::String(Some(text)) => Ok(text),
        Value::Bytes(Some(bytes)) => String::from_utf8(bytes).map_err(|e| invalid(e.to_string())),
        other => Err(invalid(format!("texte attendu : {other:?}"))),
    }
}

fn bytes_of(value: Value) -> Result<Vec<u8>, DbErr> {
    match value {
        Value::Bytes(Some(bytes)) => Ok(bytes),
        other => Err(invalid(format!("octets attendus : {other:?}"))),
    }
}

fn invalid(reason: String) -> DbErr {
    DbErr::Migration(format!("identifiants du journal illisibles : {reason}"))
}

/// `["0e4f…-…", …]` to the ids' bytes, in order.
fn json_ids_to_bytes(text: &str) -> Result<Vec<u8>, DbErr> {
    let digits: Vec<u8> = text
        .chars()
        .filter_map(|c| c.to_digit(16))
        .map(|d| d as u8)
        .collect();
    if !digits.len().is_multiple_of(32) {
        return Err(invalid(text.to_owned()));
    }
    Ok(digits.chunks_exact(2).map(|p| p[0] << 4 | p[1]).collect())
}

/// The ids' bytes back to `["…","…"]`.
fn bytes_to_json_ids(bytes: &[u8]) -> Result<String, DbErr> {
    if !bytes.len().is_multiple_of(16) {
        return Err(invalid(format!("{} octets", bytes.len())));
    }
    let ids: Vec<String> = bytes
        .chunks_exact(16)
        .map(|id| {
            let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
            format!(
                "\"{}-{}-{}-{}-{}\"",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            )
        })
        .collect();
    Ok(format!("[{}]", ids.join(",")))
}

/// The people of a pack's JSON (`"people":["…",…]`) as bytes.
fn pack_people(cells: &str) -> Result<Vec<u8>, DbErr> {
    let start = cells
        .find("\"people\":[")
        .ok_or_else(|| invalid("paquet sans personnes".to_owned()))?
        + "\"people\":".len();
    let end = cells[start..]
        .find(']')
        .ok_or_else(|| invalid("paquet tronqué".to_owned()))?;
    json_ids_to_bytes(&cells[start..=start + end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_convert_both_ways_and_a_pack_gives_its_people() {
        let json =
            r#"["0e4f5a6b-0000-4000-8000-00000000002a","00000000-0000-0000-0000-000000000001"]"#;
        let bytes = json_ids_to_bytes(json).unwrap();
        assert_eq!(bytes.len(), 32);
        assert_eq!(bytes[0], 0x0e);
        assert_eq!(bytes[31], 0x01);
        assert_eq!(bytes_to_json_ids(&bytes).unwrap(), json);
        assert_eq!(json_ids_to_bytes("[]").unwrap(), Vec::<u8>::new());
        assert!(json_ids_to_bytes(r#"["0e4f"]"#).is_err());
        let pack =
            format!(r#"{{"first":"2026-12-01","people":{json},"shifts":["ab"],"cells":[0,0,0]}}"#);
        assert_eq!(pack_people(&pack).unwrap(), bytes);
        assert!(pack_people(r#"{"first":null}"#).is_err());
    }
}
