//! Tables on disk: Parquet (through Arrow batches) or CSV, chosen by the file's extension; read
//! batch by batch, written row by row into column builders.

use arrow_array::builder::{BooleanBuilder, Date32Builder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt32Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field as ArrowField, Schema};
use guidec_runtime::Date;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::borrow::Cow;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;

/// How many rows a batch holds, read or written.
pub const BATCH_ROWS: usize = 16_384;

/// A table's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.parquet`.
    Parquet,
    /// `.csv`.
    Csv,
}

/// The format of a file, by its extension, or why it has none we read.
pub fn format_of(path: &Path) -> Result<Format, String> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("parquet") => Ok(Format::Parquet),
        Some(e) if e.eq_ignore_ascii_case("csv") => Ok(Format::Csv),
        _ => Err(format!(
            "« {} » : extension inconnue, attendu `.parquet` ou `.csv`",
            path.display()
        )),
    }
}

/// Days from the calendar's day 0 to 1970-01-01, the origin of Parquet's DATE.
fn unix_epoch_day() -> i64 {
    Date::from_ymd(1970, 1, 1).map_or(0, Date::day_number)
}

/// Runs a step of the Parquet decoder. The `parquet` crate panics on some damaged files (a
/// dictionary index past the dictionary's end, say) instead of returning an error: such a panic
/// becomes an error naming the file, the decoder's own words in brackets.
fn decoding<T>(path: &Path, step: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    guidec::contained::contained(step).unwrap_or_else(|words| {
        Err(format!(
            "« {} » : fichier Parquet endommagé, illisible par le décodeur ({words})",
            path.display()
        ))
    })
}

/// The batches of a Parquet reader, each decoded under [`decoding`]; none after a failure.
fn parquet_batches(
    path: std::path::PathBuf,
    mut reader: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
) -> impl Iterator<Item = Result<Batch, String>> {
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let next = decoding(&path, || {
            Ok(reader.next().map(|r| {
                r.map(Batch::Arrow)
                    .map_err(|e| format!("« {} » : {e}", path.display()))
            }))
        })
        .unwrap_or_else(|error| Some(Err(error)));
        failed = matches!(next, Some(Err(_)));
        next
    })
}

/// A batch of rows read from a table.
pub enum Batch {
    /// From Parquet.
    Arrow(RecordBatch),
    /// From CSV.
    Csv(CsvRows),
}

/// A batch of CSV rows: their cells' text end to end, and where each cell ends.
#[derive(Default)]
pub struct CsvRows {
    text: String,
    /// Per row, per column, where its cell ends in `text` (it starts where the one before
    /// ends).
    ends: Vec<usize>,
    columns: usize,
    rows: usize,
}

impl CsvRows {
    /// The cell of `row` at column `index`.
    #[inline]
    fn cell(&self, row: usize, index: usize) -> Option<&str> {
        if index >= self.columns || row >= self.rows {
            return None;
        }
        let at = row.checked_mul(self.columns)?.checked_add(index)?;
        let end = *self.ends.get(at)?;
        let start = match at.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// Appends a record read, its text checked to be UTF-8 cell by cell (`false`: it is not).
    fn push(&mut self, record: &csv::ByteRecord) -> bool {
        let Ok(text) = std::str::from_utf8(record.as_slice()) else {
            return false;
        };
        let base = self.text.len();
        for index in 0..record.len() {
            match record.range(index) {
                // A cell cut inside a character is not text.
                Some(range)
                    if text.is_char_boundary(range.start) && text.is_char_boundary(range.end) =>
                {
                    self.ends.push(base + range.end);
                }
                _ => return false,
            }
        }
        self.columns = record.len();
        self.text.push_str(text);
        self.rows += 1;
        true
    }
}

impl Batch {
    /// How many rows.
    pub fn rows(&self) -> usize {
        match self {
            Batch::Arrow(batch) => batch.num_rows(),
            Batch::Csv(records) => records.rows,
        }
    }

    /// The column at `index` of the file's columns (`None`: the file has no such column).
    pub fn column(&self, index: Option<usize>) -> Column<'_> {
        let Some(index) = index else {
            return Column::Missing;
        };
        match self {
            Batch::Csv(records) => Column::Csv(records, index),
            Batch::Arrow(batch) => {
                if index >= batch.num_columns() {
                    return Column::Missing;
                }
                let array = batch.column(index).as_ref();
                match array.data_type() {
                    DataType::Dictionary(key, value)
                        if **key == DataType::Int32 && **value == DataType::Utf8 =>
                    {
                        let dictionary = array.as_dictionary::<Int32Type>();
                        Column::Dictionary(dictionary, dictionary.values().as_string::<i32>())
                    }
                    DataType::Utf8 => Column::Utf8(array.as_string::<i32>()),
                    DataType::LargeUtf8 => Column::LargeUtf8(array.as_string::<i64>()),
                    DataType::Utf8View => Column::View(array.as_string_view()),
                    DataType::Boolean => Column::Boolean(array.as_boolean()),
                    DataType::Int64 => Column::Int64(array.as_primitive::<Int64Type>()),
                    DataType::Int32 => Column::Int32(array.as_primitive::<Int32Type>()),
                    DataType::Int16 => Column::Int16(array.as_primitive::<Int16Type>()),
                    DataType::Int8 => Column::Int8(array.as_primitive::<Int8Type>()),
                    DataType::UInt32 => Column::UInt32(array.as_primitive::<UInt32Type>()),
                    DataType::Date32 => Column::Date32(array.as_primitive::<Date32Type>()),
                    other => Column::Unsupported(other.to_string()),
                }
            }
        }
    }
}

/// One column of a batch, decoded cell by cell.
pub enum Column<'a> {
    /// The file has no such column: every cell empty.
    Missing,
    /// A CSV column.
    Csv(&'a CsvRows, usize),
    /// Parquet strings, read as their dictionary (the keys, the values).
    Dictionary(
        &'a arrow_array::DictionaryArray<Int32Type>,
        &'a arrow_array::StringArray,
    ),
    /// Parquet strings.
    Utf8(&'a arrow_array::StringArray),
    /// Parquet large strings.
    LargeUtf8(&'a arrow_array::LargeStringArray),
    /// Arrow string views.
    View(&'a arrow_array::StringViewArray),
    /// Booleans.
    Boolean(&'a arrow_array::BooleanArray),
    /// 64-bit integers.
    Int64(&'a arrow_array::Int64Array),
    /// 32-bit integers.
    Int32(&'a arrow_array::Int32Array),
    /// 16-bit integers.
    Int16(&'a arrow_array::Int16Array),
    /// 8-bit integers.
    Int8(&'a arrow_array::Int8Array),
    /// Unsigned 32-bit integers.
    UInt32(&'a arrow_array::UInt32Array),
    /// Dates (days since 1970-01-01).
    Date32(&'a arrow_array::Date32Array),
    /// A type this layout does not use.
    Unsupported(String),
}

impl Column<'_> {
    fn null(&self, row: usize) -> bool {
        match self {
            Column::Missing | Column::Unsupported(_) => true,
            Column::Csv(records, index) => records.cell(row, *index).is_none_or(str::is_empty),
            Column::Dictionary(a, _) => a.is_null(row),
            Column::Utf8(a) => a.is_null(row),
            Column::LargeUtf8(a) => a.is_null(row),
            Column::View(a) => a.is_null(row),
            Column::Boolean(a) => a.is_null(row),
            Column::Int64(a) => a.is_null(row),
            Column::Int32(a) => a.is_null(row),
            Column::Int16(a) => a.is_null(row),
            Column::Int8(a) => a.is_null(row),
            Column::UInt32(a) => a.is_null(row),
            Column::Date32(a) => a.is_null(row),
        }
    }

    /// The cell as a string, when the column holds strings (`None`: empty or not strings).
    pub fn str(&self, row: usize) -> Option<&str> {
        if let Column::Csv(records, index) = self {
            return records.cell(row, *index).filter(|cell| !cell.is_empty());
        }
        if self.null(row) {
            return None;
        }
        match self {
            Column::Dictionary(a, values) => usize::try_from(a.keys().value(row))
                .ok()
                .filter(|key| *key < values.len())
                .map(|key| values.value(key)),
            Column::Utf8(a) => Some(a.value(row)),
            Column::LargeUtf8(a) => Some(a.value(row)),
            Column::View(a) => Some(a.value(row)),
            _ => None,
        }
    }

    /// The cell written as text, whatever the column's type (`None`: empty).
    pub fn text(&self, row: usize) -> Result<Option<Cow<'_, str>>, String> {
        if self.null(row) {
            return match self {
                Column::Unsupported(kind) => Err(format!(
                    "type de colonne Parquet non pris en charge : {kind}"
                )),
                _ => Ok(None),
            };
        }
        Ok(Some(match self {
            Column::Boolean(a) => Cow::Borrowed(if a.value(row) { "true" } else { "false" }),
            Column::Int64(a) => Cow::Owned(a.value(row).to_string()),
            Column::Int32(a) => Cow::Owned(a.value(row).to_string()),
            Column::Int16(a) => Cow::Owned(a.value(row).to_string()),
            Column::Int8(a) => Cow::Owned(a.value(row).to_string()),
            Column::UInt32(a) => Cow::Owned(a.value(row).to_string()),
            Column::Date32(a) => Cow::Owned(
                date_of_unix_day(a.value(row))
                    .map(crate::adapter::iso)
                    .ok_or_else(|| "date hors du calendrier (années 1 à 9999)".to_string())?,
            ),
            _ => Cow::Borrowed(self.str(row).unwrap_or_default()),
        }))
    }

    /// The cell as a boolean.
    pub fn boolean(&self, row: usize) -> Result<Option<bool>, String> {
        match self {
            Column::Boolean(a) if !a.is_null(row) => Ok(Some(a.value(row))),
            _ => match self.text(row)? {
                None => Ok(None),
                Some(text) => crate::adapter::boolean(&text).map(Some),
            },
        }
    }

    /// The cell as a whole number.
    pub fn integer(&self, row: usize) -> Result<Option<i64>, String> {
        if self.null(row) {
            return self.text(row).map(|_| None);
        }
        match self {
            Column::Int64(a) => Ok(Some(a.value(row))),
            Column::Int32(a) => Ok(Some(i64::from(a.value(row)))),
            Column::Int16(a) => Ok(Some(i64::from(a.value(row)))),
            Column::Int8(a) => Ok(Some(i64::from(a.value(row)))),
            Column::UInt32(a) => Ok(Some(i64::from(a.value(row)))),
            _ => match self.text(row)? {
                None => Ok(None),
                Some(text) => crate::adapter::integer(&text).map(Some),
            },
        }
    }

    /// The cell as a date.
    pub fn date(&self, row: usize) -> Result<Option<Date>, String> {
        match self {
            Column::Date32(a) if !a.is_null(row) => date_of_unix_day(a.value(row))
                .map(Some)
                .ok_or_else(|| "date hors du calendrier (années 1 à 9999)".to_string()),
            _ => match self.text(row)? {
                None => Ok(None),
                Some(text) => crate::adapter::date(&text).map(Some),
            },
        }
    }
}

/// The date of a Parquet DATE (days since 1970-01-01), `None` out of the calendar.
pub fn date_of_unix_day(day: i32) -> Option<Date> {
    Date::from_day_number(unix_epoch_day() + i64::from(day))
}

/// What a file's column holds, as its type says (a CSV column holds text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Text: CSV, Parquet strings.
    Text,
    /// Booleans.
    Boolean,
    /// Whole numbers.
    Integer,
    /// Dates.
    Date,
    /// Another Parquet type, named.
    Other(String),
}

impl Stored {
    fn of(kind: &DataType) -> Stored {
        match kind {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Stored::Text,
            DataType::Dictionary(_, value) if **value == DataType::Utf8 => Stored::Text,
            DataType::Boolean => Stored::Boolean,
            DataType::Int64
            | DataType::Int32
            | DataType::Int16
            | DataType::Int8
            | DataType::UInt32 => Stored::Integer,
            DataType::Date32 => Stored::Date,
            other => Stored::Other(other.to_string()),
        }
    }
}

/// A table opened for reading: its column names, its size when known, and its batches.
pub struct Reader {
    /// The columns, in the file's order.
    pub columns: Vec<String>,
    /// What each column holds, in the file's order.
    pub stored: Vec<Stored>,
    /// How many rows (Parquet) or bytes (CSV) there are, for the progress bar.
    pub size: u64,
    /// Whether [`Reader::size`] counts rows (Parquet) rather than bytes (CSV).
    pub size_in_rows: bool,
    /// The file, named in every error.
    path: std::path::PathBuf,
    source: Source,
}

enum Source {
    Parquet {
        batches: Box<dyn Iterator<Item = Result<Batch, String>> + Send>,
        groups: RowGroups,
    },
    /// The reader, and the record read into.
    Csv(csv::Reader<File>, csv::ByteRecord),
}

/// A Parquet table's row groups, each to be read by a reader of its own (on threads of their
/// own), its metadata read once.
#[derive(Clone)]
pub struct RowGroups {
    path: std::path::PathBuf,
    metadata: ArrowReaderMetadata,
}

impl RowGroups {
    /// How many row groups.
    pub fn count(&self) -> usize {
        self.metadata.metadata().num_row_groups()
    }

    /// How many rows row group `group` holds.
    pub fn rows(&self, group: usize) -> u64 {
        let metadata = self.metadata.metadata();
        if group < metadata.num_row_groups() {
            u64::try_from(metadata.row_group(group).num_rows()).unwrap_or(0)
        } else {
            0
        }
    }

    /// The batches of row group `group`, in order.
    pub fn read(
        &self,
        group: usize,
    ) -> Result<impl Iterator<Item = Result<Batch, String>>, String> {
        let cannot = |error: &dyn std::fmt::Display| {
            format!("impossible de lire « {} » : {error}", self.path.display())
        };
        let file = File::open(&self.path).map_err(|e| cannot(&e))?;
        let reader = decoding(&self.path, || {
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![group])
                .with_batch_size(BATCH_ROWS)
                .build()
                .map_err(|e| cannot(&e))
        })?;
        Ok(parquet_batches(self.path.clone(), reader))
    }
}

impl Reader {
    /// Opens a table.
    pub fn open(path: &Path) -> Result<Reader, String> {
        let cannot = |error: &dyn std::fmt::Display| {
            format!("impossible de lire « {} » : {error}", path.display())
        };
        let file = File::open(path).map_err(|e| cannot(&e))?;
        match format_of(path)? {
            Format::Parquet => decoding(path, || {
                let builder =
                    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| cannot(&e))?;
                // Strings are read as their dictionary: a column of acts repeats a few ids,
                // measures and values, which are then read once per batch, not once per row.
                let dictionary = |field: &Arc<ArrowField>| -> Arc<ArrowField> {
                    if *field.data_type() == DataType::Utf8 {
                        Arc::new(field.as_ref().clone().with_data_type(DataType::Dictionary(
                            Box::new(DataType::Int32),
                            Box::new(DataType::Utf8),
                        )))
                    } else {
                        field.clone()
                    }
                };
                let read_as = Arc::new(Schema::new(
                    builder
                        .schema()
                        .fields()
                        .iter()
                        .map(dictionary)
                        .collect::<Vec<_>>(),
                ));
                let file = File::open(path).map_err(|e| cannot(&e))?;
                let metadata = ArrowReaderMetadata::load(
                    &file,
                    ArrowReaderOptions::new().with_schema(read_as),
                )
                .map_err(|e| cannot(&e))?;
                let builder =
                    ParquetRecordBatchReaderBuilder::new_with_metadata(file, metadata.clone());
                let size =
                    u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
                let columns = builder
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().clone())
                    .collect();
                let stored = builder
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| Stored::of(f.data_type()))
                    .collect();
                let reader = builder
                    .with_batch_size(BATCH_ROWS)
                    .build()
                    .map_err(|e| cannot(&e))?;
                Ok(Reader {
                    columns,
                    stored,
                    size,
                    size_in_rows: true,
                    path: path.to_path_buf(),
                    source: Source::Parquet {
                        batches: Box::new(parquet_batches(path.to_path_buf(), reader)),
                        groups: RowGroups {
                            path: path.to_path_buf(),
                            metadata,
                        },
                    },
                })
            }),
            Format::Csv => {
                let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                let delimiter = csv_delimiter(path).map_err(|e| cannot(&e))?;
                let mut reader = csv::ReaderBuilder::new()
                    .flexible(false)
                    .delimiter(delimiter)
                    .from_reader(file);
                let columns: Vec<String> = reader
                    .headers()
                    .map_err(|e| cannot(&csv_error(&e)))?
                    .iter()
                    .map(String::from)
                    .collect();
                Ok(Reader {
                    stored: vec![Stored::Text; columns.len()],
                    columns,
                    size,
                    size_in_rows: false,
                    path: path.to_path_buf(),
                    source: Source::Csv(reader, csv::ByteRecord::new()),
                })
            }
        }
    }

    /// The table's row groups, when it is Parquet with more than one.
    pub fn row_groups(&self) -> Option<&RowGroups> {
        match &self.source {
            Source::Parquet { groups, .. } if groups.count() > 1 => Some(groups),
            _ => None,
        }
    }

    /// The index of a column, by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// How far reading has gone, in the unit of [`Reader::size`] (`rows` read so far for Parquet).
    pub fn position(&self, rows: u64) -> u64 {
        match &self.source {
            Source::Parquet { .. } => rows,
            Source::Csv(reader, _) => reader.position().byte(),
        }
    }

    /// The next batch, `None` at the end. An error names the file, and for a CSV row of the
    /// wrong width, its line.
    pub fn next_batch(&mut self) -> Option<Result<Batch, String>> {
        let path = &self.path;
        match &mut self.source {
            Source::Parquet { batches, .. } => batches.next(),
            Source::Csv(reader, record) => {
                let mut records = CsvRows::default();
                for _ in 0..BATCH_ROWS {
                    match reader.read_byte_record(record) {
                        Ok(true) => {
                            if !records.push(record) {
                                return Some(Err(format!(
                                    "« {} » : {}",
                                    path.display(),
                                    not_utf8(record.position())
                                )));
                            }
                        }
                        Ok(false) => break,
                        Err(error) => {
                            return Some(Err(format!(
                                "« {} » : {}",
                                path.display(),
                                csv_error(&error)
                            )))
                        }
                    }
                }
                (records.rows > 0).then_some(Ok(Batch::Csv(records)))
            }
        }
    }
}

/// The separator of a CSV file's cells, read off its header line: `;` when the line holds more
/// semicolons than commas outside quotes (what a spreadsheet set to French writes), `,`
/// otherwise.
fn csv_delimiter(path: &Path) -> std::io::Result<u8> {
    use std::io::Read;
    let mut head = Vec::new();
    File::open(path)?.take(64 * 1024).read_to_end(&mut head)?;
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for byte in head {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    Ok(if semicolons > commas { b';' } else { b',' })
}

/// A CSV line that is not UTF-8, with the way out.
fn not_utf8(position: Option<&csv::Position>) -> String {
    format!(
        "ligne {} du fichier : texte qui n'est pas de l'UTF-8 (enregistrez le fichier en « CSV UTF-8 »)",
        position.map_or(0, csv::Position::line)
    )
}

fn csv_error(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
            ..
        } => format!(
            "ligne {} du fichier : {len} champs au lieu de {expected_len}",
            pos.as_ref().map_or(0, csv::Position::line)
        ),
        csv::ErrorKind::Utf8 { pos, .. } => not_utf8(pos.as_ref()),
        _ => format!("CSV illisible : {error}"),
    }
}

/// A column's type in a written table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// Text.
    Text,
    /// INT64.
    Integer,
    /// BOOLEAN.
    Boolean,
    /// DATE.
    Date,
}

/// A cell to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// Empty.
    Null,
    /// Text.
    Text(Cow<'a, str>),
    /// A whole number.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
    /// A date.
    Date(Date),
}

enum Builder {
    Text(StringBuilder),
    Integer(Int64Builder),
    Boolean(BooleanBuilder),
    Date(Date32Builder),
}

/// A table being written.
pub struct Writer {
    sink: Sink,
    columns: usize,
}

enum Sink {
    Parquet {
        writer: ArrowWriter<BufWriter<File>>,
        schema: Arc<Schema>,
        builders: Vec<Builder>,
        rows: usize,
    },
    Csv(csv::Writer<BufWriter<File>>),
}

impl Writer {
    /// Creates the table `path` with these columns (an existing file is replaced).
    pub fn create(path: &Path, columns: &[(String, Type)]) -> Result<Writer, String> {
        let cannot = |error: &dyn std::fmt::Display| {
            format!("impossible d'écrire « {} » : {error}", path.display())
        };
        let format = format_of(path)?;
        let file = BufWriter::with_capacity(1 << 20, File::create(path).map_err(|e| cannot(&e))?);
        let sink = match format {
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(file);
                writer
                    .write_record(columns.iter().map(|(name, _)| name))
                    .map_err(|e| cannot(&e))?;
                Sink::Csv(writer)
            }
            Format::Parquet => {
                let schema = Arc::new(Schema::new(
                    columns
                        .iter()
                        .map(|(name, kind)| {
                            ArrowField::new(
                                name,
                                match kind {
                                    Type::Text => DataType::Utf8,
                                    Type::Integer => DataType::Int64,
                                    Type::Boolean => DataType::Boolean,
                                    Type::Date => DataType::Date32,
                                },
                                true,
                            )
                        })
                        .collect::<Vec<_>>(),
                ));
                let properties = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .build();
                let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))
                    .map_err(|e| cannot(&e))?;
                Sink::Parquet {
                    writer,
                    schema,
                    builders: columns.iter().map(|(_, kind)| builder(*kind)).collect(),
                    rows: 0,
                }
            }
        };
        Ok(Writer {
            sink,
            columns: columns.len(),
        })
    }

    /// Writes one row, a value per column.
    pub fn row(&mut self, values: &[Value<'_>]) -> Result<(), String> {
        if values.len() != self.columns {
            return Err(format!(
                "{} valeurs pour {} colonnes",
                values.len(),
                self.columns
            ));
        }
        match &mut self.sink {
            Sink::Csv(writer) => {
                let mut record = csv::ByteRecord::new();
                let mut buffer = String::new();
                for value in values {
                    buffer.clear();
                    match value {
                        Value::Null => {}
                        Value::Text(text) => buffer.push_str(text),
                        Value::Integer(n) => buffer.push_str(&n.to_string()),
                        Value::Boolean(b) => buffer.push_str(if *b { "true" } else { "false" }),
                        Value::Date(d) => buffer.push_str(&crate::adapter::iso(*d)),
                    }
                    record.push_field(buffer.as_bytes());
                }
                writer.write_byte_record(&record).map_err(|e| e.to_string())
            }
            Sink::Parquet { builders, rows, .. } => {
                for (builder, value) in builders.iter_mut().zip(values) {
                    push(builder, value)?;
                }
                *rows += 1;
                if *rows >= BATCH_ROWS * 4 {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> Result<(), String> {
        if let Sink::Parquet {
            writer,
            schema,
            builders,
            rows,
        } = &mut self.sink
        {
            if *rows == 0 {
                return Ok(());
            }
            let arrays: Vec<ArrayRef> = builders
                .iter_mut()
                .map(|b| -> ArrayRef {
                    match b {
                        Builder::Text(b) => Arc::new(b.finish()),
                        Builder::Integer(b) => Arc::new(b.finish()),
                        Builder::Boolean(b) => Arc::new(b.finish()),
                        Builder::Date(b) => Arc::new(b.finish()),
                    }
                })
                .collect();
            let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| e.to_string())?;
            writer.write(&batch).map_err(|e| e.to_string())?;
            *rows = 0;
        }
        Ok(())
    }

    /// Writes what is buffered and closes the file.
    pub fn finish(mut self) -> Result<(), String> {
        self.flush()?;
        match self.sink {
            Sink::Csv(mut writer) => writer.flush().map_err(|e| e.to_string()),
            Sink::Parquet { writer, .. } => writer.close().map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

fn builder(kind: Type) -> Builder {
    match kind {
        Type::Text => Builder::Text(StringBuilder::new()),
        Type::Integer => Builder::Integer(Int64Builder::new()),
        Type::Boolean => Builder::Boolean(BooleanBuilder::new()),
        Type::Date => Builder::Date(Date32Builder::new()),
    }
}

fn push(builder: &mut Builder, value: &Value<'_>) -> Result<(), String> {
    match (builder, value) {
        (Builder::Text(b), Value::Null) => b.append_null(),
        (Builder::Integer(b), Value::Null) => b.append_null(),
        (Builder::Boolean(b), Value::Null) => b.append_null(),
        (Builder::Date(b), Value::Null) => b.append_null(),
        (Builder::Text(b), Value::Text(t)) => b.append_value(t),
        (Builder::Integer(b), Value::Integer(n)) => b.append_value(*n),
        (Builder::Boolean(b), Value::Boolean(v)) => b.append_value(*v),
        (Builder::Date(b), Value::Date(d)) => b.append_value(
            i32::try_from(d.day_number() - unix_epoch_day())
                .map_err(|_| "date hors de l'intervalle de Parquet".to_string())?,
        ),
        _ => return Err("valeur d'un autre type que sa colonne".into()),
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn csv_file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn a_csv_file_separated_by_semicolons_reads_as_one_separated_by_commas() {
        let cells = |bytes: &[u8]| {
            let (_dir, path) = csv_file(bytes);
            let mut reader = Reader::open(&path).unwrap();
            let batch = reader.next_batch().unwrap().unwrap();
            let rows: Vec<Vec<Option<String>>> = (0..batch.rows())
                .map(|r| {
                    (0..3)
                        .map(|i| batch.column(Some(i)).str(r).map(String::from))
                        .collect()
                })
                .collect();
            (reader.columns.clone(), rows)
        };
        let commas = cells(b"id,texte,nombre\np0,\"a;b\",3\np1,,4\n");
        let semicolons = cells(b"id;texte;nombre\np0;\"a;b\";3\np1;;4\n");
        assert_eq!(commas, semicolons);
        assert_eq!(commas.1[0][1].as_deref(), Some("a;b"));
        // A header of one column, or with a quoted semicolon, stays comma-separated.
        let (columns, _) = cells(b"\"i;d\",texte,nombre\np0,a,1\n");
        assert_eq!(columns, ["i;d", "texte", "nombre"]);
    }

    #[test]
    fn csv_cells_are_read_in_batches_empty_cells_as_none() {
        let mut text = String::from("id,texte,n\n");
        for row in 0..(BATCH_ROWS + 3) {
            text.push_str(&format!(
                "p{row},é{row},{}\n",
                if row % 2 == 0 { "" } else { "7" }
            ));
        }
        let (_dir, path) = csv_file(text.as_bytes());
        let mut reader = Reader::open(&path).unwrap();
        assert_eq!(reader.columns, ["id", "texte", "n"]);
        let first = reader.next_batch().unwrap().unwrap();
        assert_eq!(first.rows(), BATCH_ROWS);
        assert_eq!(first.column(Some(0)).str(5), Some("p5"));
        assert_eq!(first.column(Some(1)).str(5), Some("é5"));
        assert_eq!(first.column(Some(2)).str(4), None);
        assert_eq!(first.column(Some(2)).integer(5).unwrap(), Some(7));
        assert_eq!(first.column(Some(3)).str(5), None, "no such column");
        assert_eq!(first.column(Some(0)).str(BATCH_ROWS), None, "no such row");
        let second = reader.next_batch().unwrap().unwrap();
        assert_eq!(second.rows(), 3);
        assert_eq!(
            second.column(Some(1)).str(2).map(String::from),
            Some(format!("é{}", BATCH_ROWS + 2))
        );
        assert!(reader.next_batch().is_none());
    }

    #[test]
    fn a_csv_row_that_is_not_utf8_is_an_error_naming_its_line() {
        // A byte that is no character, then a character cut between two cells.
        for bad in [&b"p1,\xff\n"[..], &b"p1\xc3,\xa9\n"[..]] {
            let mut bytes = b"id,texte\np0,a\n".to_vec();
            bytes.extend_from_slice(bad);
            let (_dir, path) = csv_file(&bytes);
            let mut reader = Reader::open(&path).unwrap();
            let error = reader.next_batch().unwrap().err().unwrap();
            assert_eq!(
                error,
                format!(
                    "« {} » : ligne 3 du fichier : texte qui n'est pas de l'UTF-8 (enregistrez le fichier en « CSV UTF-8 »)",
                    path.display()
                )
            );
        }
    }
}
