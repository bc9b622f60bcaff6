//! The sweep's table as a Parquet file: one row group, a required column per table column
//! (INT64, DOUBLE or BOOLEAN), uncompressed. The `parquet` crate's column writers without
//! its Arrow layer or codecs: a small build for a table of a few thousand rows.
use super::table::{Column, Table};
use ::parquet::{
    basic::{Repetition, Type as Physical},
    data_type::{BoolType, DoubleType, Int64Type},
    file::{properties::WriterProperties, writer::SerializedFileWriter},
    schema::types::Type,
};
use std::{path::Path, sync::Arc};

/// Writes `t` to `path`.
pub fn write(t: &Table, path: &Path) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| err(&e))?;
    let schema = Arc::new(schema(t).map_err(|e| err(&e))?);
    let props = Arc::new(WriterProperties::builder().build());
    let mut w = SerializedFileWriter::new(file, schema, props).map_err(|e| err(&e))?;
    let mut group = w.next_row_group().map_err(|e| err(&e))?;
    for c in &t.columns {
        let mut col = (group.next_column().map_err(|e| err(&e))?).ok_or("a column too few")?;
        let written = match c {
            Column::Int(v) => col.typed::<Int64Type>().write_batch(v, None, None),
            Column::Float(v) => col.typed::<DoubleType>().write_batch(v, None, None),
            Column::Bool(v) => col.typed::<BoolType>().write_batch(v, None, None),
        };
        written.map_err(|e| err(&e))?;
        col.close().map_err(|e| err(&e))?;
    }
    group.close().map_err(|e| err(&e))?;
    w.close().map_err(|e| err(&e))?;
    Ok(())
}

/// The message type: the table's columns in order, each required.
fn schema(t: &Table) -> ::parquet::errors::Result<Type> {
    let fields = (t.names.iter().zip(&t.columns))
        .map(|(name, c)| {
            let physical = match c {
                Column::Int(_) => Physical::INT64,
                Column::Float(_) => Physical::DOUBLE,
                Column::Bool(_) => Physical::BOOLEAN,
            };
            let field = Type::primitive_type_builder(name, physical);
            field
                .with_repetition(Repetition::REQUIRED)
                .build()
                .map(Arc::new)
        })
        .collect::<::parquet::errors::Result<Vec<_>>>()?;
    Type::group_type_builder("runs").with_fields(fields).build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn the_file_holds_the_table() {
        let t = Table {
            names: vec!["run".into(), "pool.insurance".into(), "frozen".into()],
            columns: vec![
                Column::Int(vec![0, 1, 2]),
                Column::Float(vec![0.5, 1.5, -2.0]),
                Column::Bool(vec![false, true, false]),
            ],
        };
        let path = std::env::temp_dir().join(format!("sweep-{}.parquet", std::process::id()));
        write(&t, &path).unwrap();
        let r = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let meta = r.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 3);
        let fields = meta.file_metadata().schema_descr().columns().to_vec();
        let names: Vec<String> = fields.iter().map(|c| c.name().to_string()).collect();
        assert_eq!(names, t.names);
        let rows: Vec<String> = r
            .get_row_iter(None)
            .unwrap()
            .map(|row| row.unwrap().to_string())
            .collect();
        assert_eq!(rows[1], "{run: 1, pool.insurance: 1.5, frozen: true}");
        let _ = std::fs::remove_file(path);
    }
}
