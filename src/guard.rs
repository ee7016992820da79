//! Isolation at the boundaries where one bad input must not stop the others: reading one
//! workbook, loading one plan, rendering one report.
//!
//! A panic inside [`isolate`] is caught and returned as a [`Panic`] with its message and
//! where in the program it happened; the default panic output is kept off the terminal
//! while isolating, so the user sees one located message instead of a backtrace.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// A caught panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    /// The panic's message.
    pub message: String,
    /// `src/file.rs:line` where it happened, when known.
    pub location: Option<String>,
}

impl std::fmt::Display for Panic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(at) = &self.location {
            write!(f, "，位于 {at}")?;
        }
        Ok(())
    }
}

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Runs `work`; a panic in it comes back as `Err` instead of unwinding further.
pub fn isolate<T>(work: impl FnOnce() -> T) -> Result<T, Panic> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                LAST.with(|last| *last.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(work));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "未知错误".to_string());
        Panic {
            message,
            location: LAST.with(|last| last.borrow_mut().take()),
        }
    })
}

/// Seconds one report may take to typeset: `ATTAIN_RENDER_SECONDS`, else two minutes (the
/// largest sample report takes under three seconds in a debug build).
pub fn render_time_limit() -> std::time::Duration {
    let seconds = std::env::var("ATTAIN_RENDER_SECONDS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(120);
    std::time::Duration::from_secs(seconds)
}

/// Ends the process with a message if it is not dropped within `limit`: for work that
/// cannot be interrupted (a Typst compile of an edited template that loops). Files already
/// written stay; every output is written atomically.
pub fn watchdog(what: String, limit: std::time::Duration) -> Watchdog {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("attain-watchdog".into())
        .spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                eprintln!(
                    "错误: {what}超过 {} 秒仍未完成，已停止；已写出的文件保留。\n  提示: 自定义模板中可能有过大的循环；若确需更长时间，设置环境变量 ATTAIN_RENDER_SECONDS",
                    limit.as_secs()
                );
                std::process::exit(2);
            }
        });
    Watchdog {
        done: spawned.ok().map(|_| done),
    }
}

/// Stops its watchdog when dropped.
pub struct Watchdog {
    done: Option<std::sync::mpsc::Sender<()>>,
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_comes_back_with_its_message_and_place() {
        let caught = isolate(|| -> u8 { panic!("boom {}", 1) }).unwrap_err();
        assert_eq!(caught.message, "boom 1");
        assert!(caught.location.unwrap().contains("guard.rs"));
        assert_eq!(isolate(|| 7).unwrap(), 7);
    }

    #[test]
    fn nested_isolation_catches_at_the_innermost_boundary() {
        let outer = isolate(|| isolate(|| -> u8 { panic!("inner") }).unwrap_err());
        assert_eq!(outer.unwrap().message, "inner");
    }
}
