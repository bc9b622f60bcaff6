//! A sweep's table: one row per run (its index, grid point, seed, every swept input, the
//! outcome), column by column, and its CSV form. A merged table read back from CSV draws
//! the same charts.
use super::{
    outcome::{Outcome, COLUMNS},
    plan::{Plan, Run},
};
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Int(v) => v.len(),
            Column::Float(v) => v.len(),
            Column::Bool(v) => v.len(),
        }
    }

    /// Row `i` as CSV writes it (floats in their shortest exact form).
    fn cell(&self, i: usize) -> String {
        match self {
            Column::Int(v) => v[i].to_string(),
            Column::Float(v) => v[i].to_string(),
            Column::Bool(v) => v[i].to_string(),
        }
    }

    fn as_f64(&self) -> Vec<f64> {
        match self {
            Column::Int(v) => v.iter().map(|&x| x as f64).collect(),
            Column::Float(v) => v.clone(),
            Column::Bool(v) => v.iter().map(|&x| x as u8 as f64).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub names: Vec<String>,
    pub columns: Vec<Column>,
}

impl Table {
    /// The table of `rows` (in index order) of `plan`.
    pub fn build(plan: &Plan, rows: &[(Run, Outcome)]) -> Table {
        let int = |f: &dyn Fn(&(Run, Outcome)) -> i64| Column::Int(rows.iter().map(f).collect());
        let mut names = vec!["run".to_string(), "point".into(), "seed".into()];
        let mut columns = vec![
            int(&|r| r.0.index as i64),
            int(&|r| r.0.point as i64),
            int(&|r| r.0.seed as i64),
        ];
        for (i, p) in plan.grid.parameters.iter().enumerate() {
            let at = |r: &(Run, Outcome)| plan.values(r.0.point)[i].clone();
            names.push(p.path.clone());
            columns.push(if plan.grid.integer(i) {
                int(&|r| at(r).as_integer().unwrap_or(0))
            } else {
                let f = |r| at(r).as_float().or(at(r).as_integer().map(|x| x as f64));
                Column::Float(rows.iter().map(|r| f(r).unwrap_or(0.0)).collect())
            });
        }
        for (k, name) in COLUMNS.iter().enumerate() {
            names.push(name.to_string());
            columns.push(int(&|r| r.1.values[k]));
        }
        names.push("frozen".into());
        columns.push(Column::Bool(rows.iter().map(|r| r.1.frozen).collect()));
        Table { names, columns }
    }

    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    pub fn to_csv(&self) -> String {
        let mut out = self.names.join(",");
        out.push('\n');
        for i in 0..self.rows() {
            let cells: Vec<String> = self.columns.iter().map(|c| c.cell(i)).collect();
            let _ = writeln!(out, "{}", cells.join(","));
        }
        out
    }

    /// Column `name` as floats (for charts).
    pub fn f64_column(&self, name: &str) -> Option<Vec<f64>> {
        let i = self.names.iter().position(|n| n == name)?;
        Some(self.columns[i].as_f64())
    }

    /// A table from the CSV `to_csv` writes: a column is INT64 when every cell is an integer,
    /// boolean when every cell is `true`/`false`, floats otherwise.
    pub fn from_csv(text: &str) -> Result<Table, String> {
        let mut lines = text.lines();
        let names: Vec<String> = lines
            .next()
            .ok_or("empty CSV")?
            .split(',')
            .map(String::from)
            .collect();
        let mut cells: Vec<Vec<&str>> = vec![vec![]; names.len()];
        for (n, line) in lines.enumerate() {
            let row: Vec<&str> = line.split(',').collect();
            if row.len() != names.len() {
                return Err(format!(
                    "line {}: {} cells, {} columns",
                    n + 2,
                    row.len(),
                    names.len()
                ));
            }
            for (c, v) in cells.iter_mut().zip(row) {
                c.push(v);
            }
        }
        let columns = (cells.iter().zip(&names))
            .map(|(c, name)| parse_column(c).ok_or(format!("column {name}: not numbers")))
            .collect::<Result<_, _>>()?;
        Ok(Table { names, columns })
    }
}

fn parse_column(cells: &[&str]) -> Option<Column> {
    if let Ok(v) = cells.iter().map(|c| c.parse::<i64>()).collect() {
        return Some(Column::Int(v));
    }
    if let Ok(v) = cells.iter().map(|c| c.parse::<bool>()).collect() {
        return Some(Column::Bool(v));
    }
    cells
        .iter()
        .map(|c| c.parse::<f64>().ok())
        .collect::<Option<_>>()
        .map(Column::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips() {
        let t = Table {
            names: vec!["run".into(), "pool.insurance".into(), "frozen".into()],
            columns: vec![
                Column::Int(vec![0, 1]),
                Column::Float(vec![0.5, 1e-7]),
                Column::Bool(vec![false, true]),
            ],
        };
        let csv = t.to_csv();
        assert_eq!(
            csv,
            "run,pool.insurance,frozen\n0,0.5,false\n1,0.0000001,true\n"
        );
        assert_eq!(Table::from_csv(&csv).unwrap(), t);
        assert_eq!(t.f64_column("frozen"), Some(vec![0.0, 1.0]));
        assert!(Table::from_csv("a,b\n1\n").unwrap_err().contains("line 2"));
    }
}
