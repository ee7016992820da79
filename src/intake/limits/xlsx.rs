//! `.xlsx` and `.xlsm`: what calamine would allocate for each entry, and how often.
//!
//! The entries calamine reads are found as calamine finds them — the package
//! relationships name the workbook's folder, the workbook's relationships map each sheet
//! to an entry, any entry under any name, looked up case-insensitively — and each is
//! scanned as calamine reads it as a sheet, shared strings or styles. Entries calamine does
//! not read cost nothing and are not opened. `worksheets()` holds every sheet at once and
//! rereads an entry listed twice, so a sheet counts as often as the workbook lists it.

mod scan;

use std::collections::HashMap;

use quick_xml::events::Event;

use scan::{Part, Scan};

use super::archive::Archive;
use super::xml::{self, local, pick};
use super::{LimitError, Limits, Where};

pub(super) fn inspect(bytes: &[u8], limits: &Limits) -> Result<(), LimitError> {
    let Some(mut archive) = Archive::open(bytes, limits)? else {
        return Ok(());
    };
    // `Xlsx::new` reads, in this order, and fails at the first step that fails: the
    // package relationships, which name the workbook's folder and file; the shared
    // strings; the styles (and theme); the workbook's relationships; its sheet list.
    let Some(package) = archive.find("_rels/.rels") else {
        return Ok(());
    };
    let Some(Structure {
        office_document: Some(target),
        ..
    }) = structure(&mut archive, package, limits)?
    else {
        return Ok(());
    };
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir);
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };

    let mut cells = 0;
    let mut style_bytes = 0;
    let mut lengths = Vec::new();
    for (role, path) in [("sst", "sharedStrings.xml"), ("styles", "styles.xml")] {
        if let Some(i) = archive.find(&format!("{dir}{path}")) {
            let here = Where::Part(archive.name(i).to_string());
            let part = scan(&mut archive, i, &here, limits, &mut cells, &mut style_bytes)?;
            if role == "sst" {
                lengths = part.strings;
            }
        }
    }
    // calamine keeps a colour for each slot of the theme's colour scheme: bounded by the
    // entry's size, so the theme is only unpacked and counted.
    if let Some(i) = archive.find(&format!("{dir}theme/theme1.xml")) {
        archive.read(i, |input| {
            let _ = std::io::copy(input, &mut std::io::sink());
            Ok(())
        })?;
    }
    let Some(rels) = archive.find(&format!("{dir}_rels/{name}.rels")) else {
        return Ok(());
    };
    let Some(relationships) = structure(&mut archive, rels, limits)? else {
        return Ok(());
    };
    // Without the workbook entry calamine lists no sheets.
    let Some(workbook) = archive.find(&format!("{dir}{name}")) else {
        return Ok(());
    };
    let Some(workbook) = structure(&mut archive, workbook, limits)? else {
        return Ok(());
    };

    // Each sheet's entry, as calamine resolves it; a sheet it cannot resolve fails the
    // workbook. A sheet is read by name, so a second sheet of the same name reads the first.
    let mut first_by_name: HashMap<&str, Option<usize>> = HashMap::new();
    let mut sheets: Vec<(&str, Option<usize>)> = Vec::with_capacity(workbook.sheets.len());
    for (sheet_name, id) in &workbook.sheets {
        let Some((target, kind)) = relationships.targets.get(id) else {
            return Ok(());
        };
        if !matches!(
            kind.split('/').next_back(),
            Some("worksheet" | "chartsheet" | "dialogsheet")
        ) {
            return Ok(());
        }
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{dir}{target}"),
        };
        let entry = archive.find(&path);
        let entry = *first_by_name.entry(sheet_name.as_str()).or_insert(entry);
        sheets.push((sheet_name, entry));
    }

    // Each entry is scanned once, and counted as often as it is listed: `worksheets()`
    // holds every sheet at once, and rereads an entry listed twice.
    let mut parts: HashMap<usize, Part> = HashMap::new();
    for &(sheet_name, entry) in &sheets {
        let Some(i) = entry else { continue };
        if let std::collections::hash_map::Entry::Vacant(slot) = parts.entry(i) {
            let here = Where::Sheet(sheet_name.to_string());
            slot.insert(scan(
                &mut archive,
                i,
                &here,
                limits,
                &mut cells,
                &mut style_bytes,
            )?);
        }
    }
    let longest = lengths.iter().copied().max().unwrap_or(0) as u64;
    let text = |part: &Part| {
        part.shared
            .iter()
            .map(|&i| match lengths.get(i as usize) {
                Some(&l) => l as u64,
                None if i == u32::MAX => longest,
                // An index past the table: calamine fails on the sheet.
                None => 0,
            })
            .sum::<u64>()
            + part.text
    };
    let total = |cost: &dyn Fn(&Part) -> u64| {
        sheets
            .iter()
            .filter_map(|(_, entry)| entry.and_then(|i| parts.get(&i)))
            .map(cost)
            .fold(0, u64::saturating_add)
    };
    let cells = total(&|p| p.cells);
    if cells > limits.workbook_cells {
        return Err(LimitError::WorkbookCells {
            cells,
            max: limits.workbook_cells,
        });
    }
    let area = total(&|p| p.area());
    if area > limits.workbook_area {
        return Err(LimitError::WorkbookArea {
            cells: area,
            max: limits.workbook_area,
        });
    }
    let text = total(&text);
    if text > limits.cell_text_bytes {
        return Err(LimitError::CellText {
            bytes: text,
            max: limits.cell_text_bytes,
        });
    }
    // Rereading a sheet listed twice costs its parsing again.
    let once: u64 = parts.values().map(|p| p.bytes).sum();
    let unpacked = archive.unpacked() - once + total(&|p| p.bytes);
    if unpacked > limits.unpacked_bytes {
        return Err(LimitError::UnpackedTooLarge {
            max: limits.unpacked_bytes,
        });
    }
    Ok(())
}

/// Scans entry `i` as calamine would read it as a sheet, as shared strings or as styles.
fn scan(
    archive: &mut Archive<'_>,
    i: usize,
    here: &Where,
    limits: &Limits,
    cells: &mut u64,
    style_bytes: &mut u64,
) -> Result<Part, LimitError> {
    let name = archive.name(i).to_string();
    let mut scan = Scan::new(limits, here, &name, cells, style_bytes);
    Ok(match archive.read(i, |input| scan.run(input))? {
        Some(((), bytes)) => Part { bytes, ..scan.part },
        None => Part::default(),
    })
}

/// Relationship id → target (unescaped) of a relationship entry, for `.xlsb`; empty when
/// the entry cannot be opened.
pub(super) fn relationship_targets(
    archive: &mut Archive<'_>,
    i: usize,
    limits: &Limits,
) -> Result<HashMap<String, String>, LimitError> {
    Ok(structure(archive, i, limits)?
        .map(|found| {
            found
                .targets
                .into_iter()
                .map(|(id, (target, _))| (id, unescape(&target)))
                .collect()
        })
        .unwrap_or_default())
}

/// What the package, workbook and relationship entries say.
#[derive(Debug, Default)]
struct Structure {
    office_document: Option<String>,
    /// Relationship id → target and type.
    targets: HashMap<String, (String, String)>,
    sheets: Vec<(String, String)>,
}

fn structure(
    archive: &mut Archive<'_>,
    i: usize,
    limits: &Limits,
) -> Result<Option<Structure>, LimitError> {
    let part = archive.name(i).to_string();
    let malformed = |detail: String| LimitError::Malformed {
        part: part.clone(),
        detail,
    };
    let found = archive.read(i, |input| {
        let mut reader = xml::reader(input);
        let mut buf = Vec::new();
        let mut found = Structure::default();
        let mut relationships = false;
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Start(e) => match local(e.name().as_ref()) {
                    "Relationships" => relationships = true,
                    "Relationship" if relationships => {
                        let [id, kind, target] = pick(e.attributes_raw(), ["Id", "Type", "Target"])
                            .map_err(|key| malformed(format!("关系的属性{}", duplicate(key))))?;
                        if kind.is_some_and(|k| k.ends_with("/relationships/officeDocument"))
                            && let Some(target) = target
                        {
                            found.office_document = Some(unescape(target));
                        }
                        if let Some(id) = id {
                            found.targets.insert(
                                id.to_string(),
                                (
                                    target.unwrap_or_default().to_string(),
                                    kind.unwrap_or_default().to_string(),
                                ),
                            );
                            if found.targets.len() as u64 > limits.relationships {
                                return Err(LimitError::Relationships {
                                    max: limits.relationships,
                                });
                            }
                        }
                    }
                    "sheet" => {
                        let mut name = None;
                        let mut id = None;
                        for attribute in xml::attributes(e.attributes_raw()) {
                            let Ok((key, value)) = attribute else {
                                return Ok(found);
                            };
                            let slot = if key == "name" {
                                &mut name
                            } else if local(key) == "id" {
                                &mut id
                            } else {
                                continue;
                            };
                            if slot.replace(value).is_some() {
                                return Err(malformed(format!("工作表的属性“{key}”出现两次")));
                            }
                        }
                        found.sheets.push((
                            unescape(name.unwrap_or_default()),
                            id.unwrap_or_default().to_string(),
                        ));
                        if found.sheets.len() as u64 > limits.sheets {
                            return Err(LimitError::Sheets { max: limits.sheets });
                        }
                    }
                    _ => {}
                },
                Event::End(e) if local(e.name().as_ref()) == "Relationships" => {
                    relationships = false
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(found)
    })?;
    Ok(found.map(|(found, _)| found))
}

fn duplicate(key: Option<String>) -> String {
    match key {
        Some(key) => format!("“{key}”出现两次"),
        None => "无法解析".to_string(),
    }
}

fn unescape(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |s| s.into_owned())
}
