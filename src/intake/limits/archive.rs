//! A zip's entries, decompressed as streams and metered: no entry may unpack past
//! [`Limits::part_bytes`], all of them together past [`Limits::unpacked_bytes`]. Declared
//! sizes are never trusted, only used to reject early.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use zip::ZipArchive;

use super::{LimitError, Limits};

/// An opened zip and the bytes unpacked from it so far.
pub(super) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    names: Vec<String>,
    by_key: HashMap<String, usize>,
    unpacked: u64,
}

/// Which limit a metered read passed.
#[derive(Debug, Clone, Copy)]
enum Passed {
    Part,
    Unpacked,
}

/// Counts the bytes read from an entry, failing the read once a limit is passed.
struct Metered<'m, R> {
    inner: R,
    part: u64,
    part_max: u64,
    unpacked: &'m mut u64,
    unpacked_max: u64,
    passed: &'m mut Option<Passed>,
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.part += n as u64;
        *self.unpacked += n as u64;
        let passed = if self.part > self.part_max {
            Some(Passed::Part)
        } else if *self.unpacked > self.unpacked_max {
            Some(Passed::Unpacked)
        } else {
            None
        };
        if let Some(passed) = passed {
            *self.passed = Some(passed);
            return Err(io::Error::other("read limit passed"));
        }
        Ok(n)
    }
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip. `Ok(None)` when it is not one: calamine's zip reader (the
    /// same crate) fails on it too and says why.
    pub(super) fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Option<Self>, LimitError> {
        let Ok(zip) = ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(None);
        };
        let entries = zip.len() as u64;
        if entries > limits.zip_entries {
            return Err(LimitError::TooManyEntries {
                entries,
                max: limits.zip_entries,
            });
        }
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
            .collect();
        // calamine looks entries up by lower-case name, `\` read as `/`; the last of two
        // entries with the same key wins.
        let by_key = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.replace('\\', "/").to_ascii_lowercase(), i))
            .collect();
        Ok(Some(Archive {
            zip,
            limits,
            names,
            by_key,
            unpacked: 0,
        }))
    }

    /// The name of entry `i`.
    pub(super) fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// Bytes unpacked so far, from all entries.
    pub(super) fn unpacked(&self) -> u64 {
        self.unpacked
    }

    /// The entry named exactly `path`, as `ZipArchive::by_name` finds it.
    pub(super) fn find_exact(&self, path: &str) -> Option<usize> {
        self.zip.index_for_name(path)
    }

    /// The entry calamine's `.xlsx` reader reads for `path`.
    pub(super) fn find(&self, path: &str) -> Option<usize> {
        self.by_key
            .get(&path.to_ascii_lowercase())
            .copied()
            .or_else(|| self.zip.index_for_name(path))
    }

    /// Unpacks entry `i` through `scan`, which may stop early. Returns what `scan` returned
    /// and the bytes it read, or `None` when the entry cannot be opened (calamine cannot
    /// either). A limit passed while reading is the error, whatever `scan` made of it.
    pub(super) fn read<T>(
        &mut self,
        i: usize,
        scan: impl FnOnce(&mut dyn BufRead) -> Result<T, LimitError>,
    ) -> Result<Option<(T, u64)>, LimitError> {
        let limits = self.limits;
        let Ok(file) = self.zip.by_index(i) else {
            return Ok(None);
        };
        let declared = file.size();
        if declared > limits.part_bytes {
            return Err(LimitError::PartDeclaredTooLarge {
                part: self.names[i].clone(),
                declared,
                max: limits.part_bytes,
            });
        }
        let mut passed = None;
        let mut input = BufReader::with_capacity(
            64 * 1024,
            Metered {
                // The zip reader fails a read that would pass the declared size, and the
                // bytes that read had are lost: how many depends on the size of the reads,
                // which differs between the guard and calamine. Stopping at the declared
                // size shows the guard every byte calamine could see.
                inner: file.take(declared),
                part: 0,
                part_max: limits.part_bytes,
                unpacked: &mut self.unpacked,
                unpacked_max: limits.unpacked_bytes,
                passed: &mut passed,
            },
        );
        let scanned = scan(&mut input);
        let bytes = input.into_inner().part;
        match passed {
            Some(Passed::Part) => Err(LimitError::PartTooLarge {
                part: self.names[i].clone(),
                max: limits.part_bytes,
            }),
            Some(Passed::Unpacked) => Err(LimitError::UnpackedTooLarge {
                max: limits.unpacked_bytes,
            }),
            None => Ok(Some((scanned?, bytes))),
        }
    }
}
