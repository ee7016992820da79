//! A memory ceiling for the whole process, so that a runaway template (`range(1e9)`, a
//! million pages) ends with a message instead of the system's out-of-memory kill.
//!
//! [`Ceiling`] is a global allocator over the system allocator that counts the bytes in
//! use. An allocation that would take the count over the limit is refused with a Chinese
//! message naming what was being done ([`doing`]), and the process exits with code 2; files
//! already written stay (every output is written atomically). The limit is half
//! of the machine's memory (or of the control group's, in a container), or
//! `ATTAIN_MEMORY_LIMIT_MB` megabytes; the binary sets it in `main` with [`set_limit`].
//! The workbook and catalog readers have their own, much lower limits (`docs/limits.md`).

// The one module allowed unsafe code: a global allocator must implement an unsafe trait.
// Every call is forwarded to the system allocator unchanged.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes allocated and not yet freed.
static USED: AtomicUsize = AtomicUsize::new(0);
/// The ceiling, in bytes; no ceiling until [`set_limit`].
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
thread_local! {
    /// What this thread is doing, for the message.
    static DOING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The counting allocator; install with `#[global_allocator]`.
pub struct Ceiling;

impl Ceiling {
    fn admit(size: usize) {
        let before = USED.fetch_add(size, Ordering::Relaxed);
        if before.saturating_add(size) > LIMIT.load(Ordering::Relaxed) {
            exceeded(size);
        }
    }
}

// SAFETY: every call is forwarded to `System` unchanged; only a counter is kept beside it.
unsafe impl GlobalAlloc for Ceiling {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Ceiling::admit(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Ceiling::admit(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        USED.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            Ceiling::admit(new_size - layout.size());
        } else {
            USED.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Refuses the allocation: says so and ends the process.
#[cold]
fn exceeded(size: usize) -> ! {
    let limit = LIMIT.swap(usize::MAX, Ordering::Relaxed);
    let doing = DOING
        .try_with(|d| d.try_borrow().ok().and_then(|d| d.clone()))
        .ok()
        .flatten()
        .unwrap_or_else(|| "运行".to_string());
    eprintln!(
        "错误: {doing}时内存用量超过上限 {} MB（又要 {} MB），已停止；已写出的文件保留。\n  提示: 自定义模板中可能有过大的循环或 range；若确需更多内存，设置环境变量 ATTAIN_MEMORY_LIMIT_MB",
        limit >> 20,
        size.div_ceil(1 << 20)
    );
    std::process::exit(2)
}

/// Sets the ceiling to `bytes`.
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// The ceiling the binary uses: `ATTAIN_MEMORY_LIMIT_MB`, else half of the memory
/// available to the process (the machine's, or its control group's when lower); `None`
/// when neither is known.
pub fn default_limit() -> Option<usize> {
    if let Some(mb) = std::env::var("ATTAIN_MEMORY_LIMIT_MB")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return Some(mb.saturating_mul(1 << 20));
    }
    let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
            .map(|kb| kb.saturating_mul(1024))
    });
    let group = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .find_map(|p| {
        std::fs::read_to_string(p)
            .ok()?
            .trim()
            .parse::<usize>()
            .ok()
    });
    let available = match (total, group) {
        (Some(t), Some(g)) => t.min(g),
        (t, g) => t.or(g)?,
    };
    Some(available / 2)
}

/// Bytes allocated now (through [`Ceiling`], when it is installed).
pub fn in_use() -> usize {
    USED.load(Ordering::Relaxed)
}

/// Names what this thread does until the returned guard is dropped (`排版《…》`), for the
/// message if memory runs out.
pub fn doing(what: impl Into<String>) -> Doing {
    let what = what.into();
    let previous = DOING.with(|d| d.borrow_mut().replace(what));
    Doing { previous }
}

/// Restores the previous description when dropped.
pub struct Doing {
    previous: Option<String>,
}

impl Drop for Doing {
    fn drop(&mut self) {
        let previous = self.previous.take();
        let _ = DOING.try_with(|d| *d.borrow_mut() = previous);
    }
}
