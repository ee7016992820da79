//! What stops a command is said once, in Chinese, naming the file it is about, with the exit
//! code the README promises: 0 clean, 1 written with problems, 2 nothing written.

use std::path::Path;

use crate::common::{attain, sample_plan, sample_returns};

/// `attain <args>` on the sample plan (株洲 women 2025) with `extra` arguments, from `cwd`.
fn run_sample(command: &str, extra: &[&str], cwd: &Path) -> (Option<i32>, String) {
    let plan = sample_plan();
    let data = sample_returns();
    let mut args = vec![
        command,
        "--plan",
        plan.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--year",
        "2025",
    ];
    args.extend_from_slice(extra);
    let output = attain(&args, cwd);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_bad_method_file_is_reported_as_such_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("method.yaml"),
        "ahead_ratio: 1.2\ntolerance: 0.1\n",
    )
    .unwrap();
    let (code, stderr) = run_sample(
        "annual",
        &["--method", "method.yaml", "--out", "out"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with("错误: method.yaml:2:1: 方法参数文件格式错误"),
        "{stderr}"
    );
    assert!(
        stderr.contains("错误: 方法参数文件 method.yaml 有错误"),
        "{stderr}"
    );
    assert!(!stderr.contains("目标清单"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_output_folder_that_cannot_be_made_is_named_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "not a folder").unwrap();
    let (code, stderr) = run_sample("booklet", &["--out", "file/sub"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("错误: 无法创建文件夹 file/sub：路径中有一部分不是文件夹"),
        "{stderr}"
    );
}

#[test]
fn render_names_a_plan_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.yaml"), "plan: [\n").unwrap();
    let output = attain(
        &[
            "render",
            "--plan",
            "broken.yaml",
            "--data",
            "returns",
            "--year",
            "2025",
            "--out",
            "out",
        ],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("broken.yaml:"), "{stderr}");
    assert!(
        stderr.contains("【broken.yaml】未能读取，未生成报告：目标清单 broken.yaml 有错误"),
        "{stderr}"
    );
}

/// Exported templates, one of them edited by `edit`.
fn edited_templates(dir: &Path, name: &str, edit: impl Fn(&str) -> String) {
    let output = attain(&["templates", "export", "tpl"], dir);
    assert!(output.status.success());
    let path = dir.join("tpl").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
}

#[test]
fn a_report_that_fails_to_typeset_is_exit_2_alone_and_counted_as_failed_by_render() {
    let dir = tempfile::tempdir().unwrap();
    edited_templates(dir.path(), "annual.typ", |t| {
        t.replace("#show: gov-doc", "#show: gov-doc\n#panic(\"模板被改坏了\")")
    });
    let (code, stderr) = run_sample(
        "annual",
        &["--templates", "tpl", "--out", "out"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("模板被改坏了"), "{stderr}");

    let (code, stderr) = run_sample(
        "render",
        &[
            "--templates",
            "tpl",
            "--reports",
            "annual,booklet",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("未能生成年度统计监测报告"), "{stderr}");
    assert!(stderr.contains("共写出 1 份，失败 1 份"), "{stderr}");
}

#[test]
fn a_misspelled_template_override_is_an_error_listing_the_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::write(dir.path().join("tpl/anual.typ"), "#lorem(5)").unwrap();
    let (code, stderr) = run_sample(
        "annual",
        &["--templates", "tpl", "--out", "out"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("anual.typ 不是 attain 的模板") && stderr.contains("annual.typ"),
        "{stderr}"
    );
}

#[test]
fn an_error_in_an_edited_template_is_reported_at_that_files_own_line() {
    // In a shared module: its own line, and the trace back to the report template.
    let dir = tempfile::tempdir().unwrap();
    edited_templates(dir.path(), "style.typ", |t| {
        t.replace(
            "#let bold-fang(body) = text(stroke: 0.35pt + black, body)",
            "#let bold-fang(body) = text(stroke: 0.35pt + black, body + 1)",
        )
    });
    let line = std::fs::read_to_string(dir.path().join("tpl/style.typ"))
        .unwrap()
        .lines()
        .position(|l| l.contains("body + 1"))
        .unwrap()
        + 1;
    let (code, stderr) = run_sample(
        "annual",
        &["--templates", "tpl", "--out", "out"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("style.typ:{line}:")), "{stderr}");
    assert!(stderr.contains("调用位置: annual.typ:"), "{stderr}");

    // In a report template: the template's line, found from the generated source.
    let dir = tempfile::tempdir().unwrap();
    edited_templates(dir.path(), "annual.typ", |t| {
        t.replace(
            "#counter(page).update(1)",
            "#counter(page).update(1)\n#let broken = (1 + \"a\")",
        )
    });
    let line = std::fs::read_to_string(dir.path().join("tpl/annual.typ"))
        .unwrap()
        .lines()
        .position(|l| l.contains("#let broken"))
        .unwrap()
        + 1;
    let (code, stderr) = run_sample(
        "annual",
        &["--templates", "tpl", "--out", "out"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("annual.typ:{line}（生成的源文件第")),
        "{stderr}"
    );
}
