//! A named list of records, written as JSON (the records as they are) and CSV (one column
//! per field, nested values as JSON text): the two "structured, commonly used and
//! machine-readable" forms of RGPD art. 20.

use std::path::Path;

use anyhow::Context;
use serde_json::{Map, Value};

/// Fields never exported: ciphertexts (the opened value is exported instead), keyed
/// search hashes and password hashes.
pub fn is_secret_field(name: &str) -> bool {
    name.ends_with("_sealed")
        || name.ends_with("_index")
        || name == "password_hash"
        || name == "wrapped_key"
}

/// One table's records.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Dataset {
    pub name: String,
    pub records: Vec<Value>,
}

impl Dataset {
    /// Records with their secret fields removed.
    pub fn new(name: &str, records: impl IntoIterator<Item = Value>) -> Self {
        let records = records
            .into_iter()
            .map(|record| match record {
                Value::Object(map) => Value::Object(
                    map.into_iter()
                        .filter(|(k, _)| !is_secret_field(k))
                        .collect::<Map<_, _>>(),
                ),
                other => other,
            })
            .collect();
        Self {
            name: name.to_owned(),
            records,
        }
    }

    /// CSV with the union of the records' fields as header, in first-seen order.
    pub fn to_csv(&self) -> anyhow::Result<String> {
        let mut header: Vec<String> = Vec::new();
        for record in &self.records {
            if let Value::Object(map) = record {
                for key in map.keys() {
                    if !header.contains(key) {
                        header.push(key.clone());
                    }
                }
            }
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&header)?;
        for record in &self.records {
            let cells = header.iter().map(|key| match record.get(key) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
            });
            writer.write_record(cells)?;
        }
        let bytes = writer.into_inner().context("écriture CSV")?;
        String::from_utf8(bytes).context("CSV non UTF-8")
    }

    /// Writes `<name>.json` and `<name>.csv` into `dir`.
    pub fn write_to(&self, dir: &Path) -> anyhow::Result<()> {
        let json = serde_json::to_string_pretty(&self.records).context("écriture JSON")?;
        std::fs::write(dir.join(format!("{}.json", self.name)), json)
            .with_context(|| format!("écriture de {}.json", self.name))?;
        std::fs::write(dir.join(format!("{}.csv", self.name)), self.to_csv()?)
            .with_context(|| format!("écriture de {}.csv", self.name))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_every_field_once_and_never_a_secret() {
        let data = Dataset::new(
            "staff",
            [
                serde_json::json!({ "id": 1, "nom": "Durand, Anne", "last_name_sealed": [1, 2] }),
                serde_json::json!({ "id": 2, "qualifications": ["IDE"], "nom": null }),
            ],
        );
        let csv = data.to_csv().unwrap();
        assert_eq!(
            csv,
            "id,nom,qualifications\n1,\"Durand, Anne\",\n2,,\"[\"\"IDE\"\"]\"\n"
        );
        assert!(data.records[0].get("last_name_sealed").is_none());
    }
}
