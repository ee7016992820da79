//! The compound file (MS-CFB) around an `.xls`, read as calamine's `Cfb::new` reads it,
//! with every sector chain bounded by the file.

use super::{Stop, malformed, u16_at, u32_at};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// `calamine::utils::to_u32`, which panics unless the length is a multiple of 4.
fn words(b: &[u8]) -> Result<impl Iterator<Item = u32> + '_, Stop> {
    if !b.len().is_multiple_of(4) {
        return Err(malformed("扇区不完整"));
    }
    Ok(b.chunks_exact(4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

/// A compound file as calamine's `Cfb::new` reads it.
pub(super) struct Cfb<'a> {
    bytes: &'a [u8],
    header: usize,
    size: usize,
    maxid: usize,
    fats: Vec<u32>,
    dirs: Vec<(String, u32, u64)>,
    mini_fats: Vec<u32>,
    ministream: Vec<u8>,
}

impl<'a> Cfb<'a> {
    pub(super) fn read(bytes: &'a [u8]) -> Result<Cfb<'a>, Stop> {
        if bytes.len() < 512 || !bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            return Err(Stop::Fails);
        }
        let version = u16_at(bytes, 26)?;
        let (size, header) = match u16_at(bytes, 30)? {
            0x0009 => (512, 512),
            0x000C if bytes.len() >= 4096 => (4096, 4096),
            _ => return Err(Stop::Fails),
        };
        if u16_at(bytes, 32)? != 0x0006 {
            return Err(Stop::Fails);
        }
        let dir_start = u32_at(bytes, 48)?;
        let mini_fat_start = u32_at(bytes, 60)?;
        let mini_fat_len = u32_at(bytes, 64)? as u64;
        let difat_start = u32_at(bytes, 68)?;
        let mut cfb = Cfb {
            bytes,
            header,
            size,
            maxid: bytes.len() / size,
            fats: Vec::new(),
            dirs: Vec::new(),
            mini_fats: Vec::new(),
            ministream: Vec::new(),
        };

        let mut difat: Vec<u32> = words(&bytes[76..512])?.collect();
        let mut id = difat_start;
        let mut difat_sectors = 0;
        while id < RESERVED {
            difat_sectors += 1;
            if difat_sectors > cfb.maxid + 1 {
                return Err(Stop::Fails);
            }
            difat.extend(words(cfb.sector(id)?)?);
            id = difat.pop().ok_or(Stop::Fails)?;
        }
        // Each FAT sector listed is read in full, however often it is listed.
        let fat_sectors = difat.iter().filter(|&&id| id < DIFSECT).count();
        if fat_sectors > cfb.maxid + 1 {
            return Err(malformed("FAT 扇区多于文件中的扇区"));
        }
        let mut fats = Vec::with_capacity(fat_sectors * size / 4);
        for &id in difat.iter().filter(|&&id| id < DIFSECT) {
            fats.extend(words(cfb.sector(id)?)?);
        }
        cfb.fats = fats;

        let dirs = cfb.chain(dir_start, u64::MAX, false)?;
        cfb.dirs = dirs
            .chunks_exact(128)
            .map(|entry| {
                let units: Vec<u16> = entry[..64]
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .collect();
                let mut name: String = char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect();
                if let Some(nul) = name.find('\0') {
                    name.truncate(nul);
                }
                let start = u32::from_le_bytes([entry[116], entry[117], entry[118], entry[119]]);
                let len = if size == 512 {
                    u32::from_le_bytes([entry[120], entry[121], entry[122], entry[123]]) as u64
                } else {
                    u64::from_le_bytes(entry[120..128].try_into().expect("8 bytes"))
                };
                (name, start, len)
            })
            .collect();
        if cfb.dirs.is_empty() || (version != 3 && cfb.dirs[0].1 == ENDOFCHAIN) {
            return Err(Stop::Fails);
        }
        if mini_fat_len > 0 {
            let (root_start, root_len) = (cfb.dirs[0].1, cfb.dirs[0].2);
            cfb.ministream = cfb.chain(root_start, root_len, false)?;
            let mini_fats = cfb.chain(mini_fat_start, mini_fat_len * size as u64, false)?;
            cfb.mini_fats = words(&mini_fats)?.collect();
        }
        Ok(cfb)
    }

    /// A sector as `Sectors::get` returns it: short at the end of the file, an error past
    /// the last id, a panic past the end of the file.
    fn sector(&self, id: u32) -> Result<&'a [u8], Stop> {
        let id = id as usize;
        if id > self.maxid {
            return Err(Stop::Fails);
        }
        let start = self.header + id * self.size;
        if start > self.bytes.len() {
            return Err(malformed("扇区超出文件末尾"));
        }
        Ok(&self.bytes[start..(start + self.size).min(self.bytes.len())])
    }

    /// A chain of sectors as `Sectors::get_chain` follows it, up to `len` bytes; a chain
    /// longer than the file has sectors loops, where calamine would grow without end.
    fn chain(&self, start: u32, len: u64, mini: bool) -> Result<Vec<u8>, Stop> {
        let (fats, max_steps) = if mini {
            (&self.mini_fats, self.maxid * 8 + 1)
        } else {
            (&self.fats, self.maxid + 1)
        };
        let mut chain = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != ENDOFCHAIN {
            let sector = if mini {
                self.mini_sector(id)?
            } else {
                self.sector(id)?
            };
            let remaining = len - chain.len() as u64;
            chain.extend_from_slice(&sector[..sector.len().min(remaining as usize)]);
            if chain.len() as u64 >= len {
                break;
            }
            steps += 1;
            if steps > max_steps {
                return Err(malformed("扇区链成环"));
            }
            id = *fats
                .get(id as usize)
                .ok_or_else(|| malformed("扇区编号超出分配表"))?;
        }
        Ok(chain)
    }

    fn mini_sector(&self, id: u32) -> Result<&[u8], Stop> {
        let id = id as usize;
        if id > self.maxid * 8 {
            return Err(Stop::Fails);
        }
        // Past the mini stream calamine reads on from wherever the file happens to be.
        self.ministream
            .get(id * 64..id * 64 + 64)
            .ok_or_else(|| malformed("小扇区超出小扇区流"))
    }

    /// The stream named `name` (case-insensitively), as `Cfb::get_stream` reads it.
    pub(super) fn stream(&self, name: &str) -> Result<Vec<u8>, Stop> {
        let (_, start, len) = self
            .dirs
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .ok_or(Stop::Fails)?;
        self.chain(*start, *len, *len < 4096)
    }
}
