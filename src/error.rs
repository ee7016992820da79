//! The one error type of the library: what stopped an operation, with the path or the
//! located diagnostics behind it.
//!
//! Problems in the input that do not stop the pipeline are [`Diagnostic`]s and travel with
//! the data; an [`Error`] is what ends an operation (a broken catalog, a folder that cannot
//! be written, a template that does not compile). The binary prints it with its cause
//! chain ([`Error::chain`]) and picks the exit code.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::render::RenderError;

/// What stopped an operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read, written or created.
    #[error("无法{action} {}：{}", path.display(), io_reason(source))]
    Io {
        /// What was being done: `读取`, `写入`, `创建文件夹` …
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The plan's catalog has errors; nothing can be judged without it.
    #[error("目标清单 {} 有错误，未生成任何文件", path.display())]
    Catalog {
        path: PathBuf,
        diagnostics: Diagnostics,
    },
    /// The `--method` file has errors.
    #[error("方法参数文件 {} 有错误，未生成任何文件", path.display())]
    MethodFile {
        path: PathBuf,
        diagnostics: Diagnostics,
    },
    /// The method's parameters, as combined from the catalog and the method file, are
    /// out of range.
    #[error("方法参数有误：{}", problems.join("；"))]
    Method { problems: Vec<String> },
    /// A template could not be filled or the report could not be typeset.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A plan's published text could not be turned into a catalog.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// What the user asked for cannot be done as asked (an unknown unit, a report not due).
    #[error("{0}")]
    Usage(String),
    /// The program itself failed while working on `what` (a bug, caught at the boundary
    /// of one file, plan or report, so that the others still go ahead).
    #[error("内部错误：处理{what}时程序出错（{panic}），此项未完成")]
    Internal {
        what: String,
        panic: crate::guard::Panic,
    },
    /// A report failed; the file a previous run wrote under its name was removed, so that
    /// it does not pass for this run's.
    #[error("{source}（已删除上次生成的同名文件 {}，以免误作本次结果）", removed.display())]
    StaleRemoved {
        removed: PathBuf,
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// An I/O error while doing `action` on `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The located diagnostics behind the error, if it carries any.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Error::Catalog { diagnostics, .. } | Error::MethodFile { diagnostics, .. } => {
                Some(diagnostics)
            }
            Error::StaleRemoved { source, .. } => source.diagnostics(),
            Error::Io { .. }
            | Error::Method { .. }
            | Error::Render(_)
            | Error::Import(_)
            | Error::Usage(_)
            | Error::Internal { .. } => None,
        }
    }

    /// Runs `work`, turning a panic in it into [`Error::Internal`] about `what`.
    pub fn isolate<T>(
        what: impl FnOnce() -> String,
        work: impl FnOnce() -> Result<T, Error>,
    ) -> Result<T, Error> {
        crate::guard::isolate(work).unwrap_or_else(|panic| {
            Err(Error::Internal {
                what: what(),
                panic,
            })
        })
    }

    /// What to do about it, when there is a general answer.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Import(err) => err.hint(),
            Error::StaleRemoved { source, .. } => source.hint(),
            Error::Io { .. }
            | Error::Catalog { .. }
            | Error::MethodFile { .. }
            | Error::Method { .. }
            | Error::Render(_)
            | Error::Usage(_) => None,
            Error::Internal { .. } => {
                Some("这是程序的缺陷，不是您的错误：请把这条信息和有关文件发给维护人员")
            }
        }
    }

    /// The error and its causes, outermost first, each as one line of text. I/O causes
    /// are already worded in the outer message and are not repeated.
    pub fn chain(&self) -> Vec<String> {
        let mut lines = vec![self.to_string()];
        let mut cause = std::error::Error::source(self);
        while let Some(err) = cause {
            // I/O causes are worded in the outer message; a removed stale file's cause is
            // its own message.
            if !err.is::<std::io::Error>() && !matches!(self, Error::StaleRemoved { .. }) {
                lines.push(err.to_string());
            }
            cause = err.source();
        }
        lines
    }
}

/// Writes a file atomically (a temporary file renamed into place), naming the path if it
/// fails.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::output::write_atomically(path, bytes).map_err(|e| Error::io("写入", path, e))
}

/// Creates a folder and its parents, naming the path if it fails.
pub fn create_dir(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|e| Error::io("创建文件夹", path, e))
}

/// Why an I/O operation failed, in Chinese, with the system's own code for reference.
pub fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match err.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有访问权限",
        ErrorKind::AlreadyExists => "已存在同名文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::IsADirectory => "这是文件夹，不是文件",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::ReadOnlyFilesystem => "文件系统只读",
        ErrorKind::StorageFull => "磁盘空间不足",
        ErrorKind::InvalidFilename => "文件名过长或含有不允许的字符",
        ErrorKind::InvalidData => "内容不是有效的文本（可能不是 UTF-8 编码）",
        ErrorKind::UnexpectedEof => "文件不完整",
        ErrorKind::FileTooLarge => "文件过大",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::CrossesDevices => "不能跨磁盘移动",
        _ => "",
    };
    match (reason, err.raw_os_error()) {
        ("", Some(code)) => format!("系统错误（错误码 {code}）"),
        ("", None) => format!("系统错误（{err}）"),
        (reason, Some(code)) => format!("{reason}（错误码 {code}）"),
        (reason, None) => reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_name_the_path_and_the_reason_in_chinese() {
        let err = Error::io(
            "写入",
            Path::new("/proc/nope/a.pdf"),
            std::io::Error::from_raw_os_error(2),
        );
        assert_eq!(
            err.to_string(),
            "无法写入 /proc/nope/a.pdf：文件或文件夹不存在（错误码 2）"
        );
        assert_eq!(err.chain().len(), 1);
    }
}
