//! An uploaded file (CSV or Excel) read into rows of text cells under named columns, and
//! the per-row errors an import reports. Reading never writes anything: importers check
//! every row first and write all of them in one transaction, or none.

use std::io::Cursor;

use base64::Engine as _;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

/// Largest file accepted (decoded), and most data rows.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
pub const MAX_ROWS: usize = 10_000;

/// What the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// UTF-8 text, comma or semicolon separated (French spreadsheets export `;`), header row.
    Csv,
    /// An Excel workbook (base64 in the API); the first sheet is read, header row first.
    Xlsx,
}

/// Why one row (or the whole file, row 0) was refused: row number as the user sees it in
/// their spreadsheet (the header is row 1), column name, and the reason in French.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl RowError {
    pub fn new(row: usize, column: &str, message: impl Into<String>) -> Self {
        Self {
            row,
            column: column.to_owned(),
            message: message.into(),
        }
    }

    fn file(message: impl Into<String>) -> Self {
        Self::new(0, "", message)
    }
}

/// The data rows of a file, each with its spreadsheet row number.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// One data row, read by column name.
pub struct Row<'a> {
    pub number: usize,
    table: &'a Table,
    cells: &'a [String],
}

impl Row<'_> {
    /// The trimmed cell of `column` (empty when the column or cell is absent).
    pub fn get(&self, column: &str) -> &str {
        self.table
            .headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", |cell| cell.trim())
    }

    pub fn error(&self, column: &str, message: impl Into<String>) -> RowError {
        RowError::new(self.number, column, message)
    }
}

impl Table {
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|(number, cells)| Row {
            number: *number,
            table: self,
            cells,
        })
    }

    /// Refuses a file whose header lacks one of `required` or has a column not in `known`.
    pub fn check_columns(&self, required: &[&str], known: &[&str]) -> Result<(), Vec<RowError>> {
        let mut errors = Vec::new();
        for column in required {
            if !self.headers.iter().any(|h| h == column) {
                errors.push(RowError::new(1, column, "colonne obligatoire absente"));
            }
        }
        for header in &self.headers {
            if !known.contains(&header.as_str()) {
                errors.push(RowError::new(
                    1,
                    header,
                    format!(
                        "colonne inconnue (colonnes possibles : {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Reads `content`: CSV text, or for Excel the workbook in base64.
    pub fn read(format: FileFormat, content: &str) -> Result<Self, Vec<RowError>> {
        let grid = match format {
            FileFormat::Csv => read_csv(content),
            FileFormat::Xlsx => read_xlsx(content),
        }
        .map_err(|e| vec![e])?;
        Self::from_grid(grid).map_err(|e| vec![e])
    }

    fn from_grid(grid: Vec<(usize, Vec<String>)>) -> Result<Self, RowError> {
        let mut lines = grid.into_iter();
        let (_, headers) = lines
            .next()
            .ok_or_else(|| RowError::file("fichier vide : une ligne d'en-tête est attendue"))?;
        let headers: Vec<String> = headers
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        // Blank lines (common at the end of spreadsheets) are not rows.
        let rows: Vec<(usize, Vec<String>)> = lines
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        if rows.len() > MAX_ROWS {
            return Err(RowError::file(format!(
                "au plus {MAX_ROWS} lignes par fichier"
            )));
        }
        Ok(Self { headers, rows })
    }
}

fn read_csv(content: &str) -> Result<Vec<(usize, Vec<String>)>, RowError> {
    if content.len() > MAX_FILE_BYTES {
        return Err(RowError::file(format!(
            "fichier trop gros (au plus {} Mo)",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let first_line = content.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(content.as_bytes());
    // The line a record starts on, counted from its byte offset: the reader skips blank
    // lines without counting them, and the user's spreadsheet does count them.
    let line_at = |byte: u64| {
        let bytes = content.as_bytes();
        let mut start = usize::try_from(byte)
            .unwrap_or(bytes.len())
            .min(bytes.len());
        // A record's position may point at the blank lines skipped before it.
        while matches!(bytes.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        bytes[..start].iter().filter(|b| **b == b'\n').count() + 1
    };
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            RowError::new(line, "", "ligne CSV illisible (guillemets mal fermés ?)")
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        grid.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(grid)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        // Excel stores every number as a float: 80 must read as "80", not "80.0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(date) => match date.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.to_string(),
            None => date.as_f64().to_string(),
        },
        Data::Error(e) => format!("#{e}"),
    }
}

fn read_xlsx(content: &str) -> Result<Vec<(usize, Vec<String>)>, RowError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|_| RowError::file("classeur Excel attendu en base64"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RowError::file(format!(
            "fichier trop gros (au plus {} Mo)",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| RowError::file("classeur Excel (.xlsx) illisible"))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| RowError::file("le classeur n'a aucune feuille"))?
        .map_err(|_| RowError::file("première feuille du classeur illisible"))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Cells left of the used range are empty: keep column positions stable.
            let mut row = vec![String::new(); first_column];
            row.extend(cells.iter().map(cell_text));
            (first_row + i + 1, row)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_and_a_bom_reads_by_column_with_line_numbers() {
        let table = Table::read(
            FileFormat::Csv,
            "\u{feff}Nom;Prenom\nDurand;\"Anne; Marie\"\n\n  Martin ;Paul\n",
        )
        .unwrap();
        let rows: Vec<_> = table
            .rows()
            .map(|r| {
                (
                    r.number,
                    r.get("nom").to_owned(),
                    r.get("prenom").to_owned(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (2, "Durand".to_owned(), "Anne; Marie".to_owned()),
                (4, "Martin".to_owned(), "Paul".to_owned())
            ]
        );
        assert!(table.check_columns(&["nom"], &["nom", "prenom"]).is_ok());
        let errors = table.check_columns(&["unite"], &["nom"]).unwrap_err();
        assert_eq!(errors[0].column, "unite");
        assert_eq!(errors[1].column, "prenom");
    }

    #[test]
    fn broken_files_are_refused_with_a_french_reason() {
        let errors = Table::read(FileFormat::Csv, "").unwrap_err();
        assert!(errors[0].message.contains("vide"), "{errors:?}");
        let errors = Table::read(FileFormat::Xlsx, "pas du base64 !").unwrap_err();
        assert!(errors[0].message.contains("base64"), "{errors:?}");
        let errors = Table::read(FileFormat::Xlsx, "UEsDBAo=").unwrap_err();
        assert!(errors[0].message.contains("illisible"), "{errors:?}");
    }
}
