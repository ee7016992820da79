//! What a clerk or an attacker can send: each case of issue #13 run through the real CLI.
//! None may panic, hang, write outside `--out`, read outside the data or pass silently;
//! each ends with a located Chinese message and the exit code the README promises.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{attain, root, sample_plan, sample_returns};

/// The small plan of `tests/cases/csv_returns_in_gbk_and_utf8` (three indicators, two
/// units), edited by `edit`, written to `dir/plan.yaml`.
fn small_plan(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text =
        std::fs::read_to_string(root().join("tests/cases/csv_returns_in_gbk_and_utf8/plan.yaml"))
            .unwrap();
    let path = dir.join("plan.yaml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

/// A CSV return of 市卫生健康委 for `year` in `data/<year>/`, with `rows` below the header
/// and `footer` after them.
fn csv_return(data: &Path, year: i32, rows: &[&str], footer: &str) {
    let dir = data.join(year.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = format!(
        "测试市妇女发展规划监测统计表（{year}年）\n填报单位：市卫生健康委\n指标名称,计量单位,本年数值,上年数值,备注\n"
    );
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.push_str(footer);
    std::fs::write(dir.join("市卫生健康委.csv"), text).unwrap();
}

fn run(args: &[&str], cwd: &Path) -> (Option<i32>, String) {
    let output = attain(args, cwd);
    (output.status.code(), stderr(&output))
}

/// `attain <command> --plan P --data D --year 2025 --out O`, from `cwd`.
fn report(command: &str, plan: &str, data: &str, out: &str, cwd: &Path) -> (Option<i32>, String) {
    run(
        &[
            command, "--plan", plan, "--data", data, "--year", "2025", "--out", out,
        ],
        cwd,
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The laid-out text of a PDF, without whitespace.
fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages)
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn years_outside_the_plan_are_refused_at_once_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_plan();
    let data = sample_returns();
    for year in ["20255", "-2147483648", "2147483647", "2019"] {
        let (code, err) = run(
            &[
                "annual",
                "--plan",
                s(&plan),
                "--data",
                s(&data),
                &format!("--year={year}"),
                "--out",
                s(dir.path()),
            ],
            dir.path(),
        );
        assert_eq!(code, Some(2), "--year {year}: {err}");
        assert!(err.contains(&format!("监测年份 {year} 不在")), "{err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("错误")).count(),
            1,
            "{err}"
        );
    }
    let (code, err) = run(
        &[
            "annual",
            "--plan",
            s(&plan),
            "--data",
            s(&data),
            "--year",
            "2025",
            "--date",
            "+10000-01-01",
            "--out",
            s(dir.path()),
        ],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("报告日期 +10000-01-01 不是有效的日期"),
        "{err}"
    );
    assert!(files_under(dir.path()).is_empty());
}

#[test]
fn catalog_years_that_cannot_be_are_one_message_each_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("baseline_year: 2020", "baseline_year: 202"),
        ("baseline_year: 2020", "baseline_year: -2000000000"),
        ("end_year: 2025", "end_year: 20250"),
    ] {
        let plan = small_plan(dir.path(), |t| t.replace(from, to));
        let (code, err) = run(
            &["check", "--plan", s(&plan), "--data", "x", "--year", "2025"],
            dir.path(),
        );
        assert_eq!(code, Some(2), "{to}: {err}");
        let located: Vec<&str> = err
            .lines()
            .filter(|l| l.starts_with("错误") && l.contains("plan.yaml:"))
            .collect();
        assert_eq!(located.len(), 1, "{to}: {err}");
        assert!(err.len() < 2000, "{to}: one message, not hundreds: {err}");
    }
}

#[test]
fn a_filing_date_typo_is_a_warning_and_never_reaches_the_cover() {
    for typo in ["20266年3月15日", "2206年3月15日"] {
        let dir = tempfile::tempdir().unwrap();
        let plan = small_plan(dir.path(), |t| t);
        let data = dir.path().join("returns");
        csv_return(
            &data,
            2025,
            &["孕产妇死亡率,1/10万,11.2,,"],
            &format!("填报日期：{typo}\n"),
        );
        let out = dir.path().join("out");
        let (code, err) = report("annual", s(&plan), s(&data), s(&out), dir.path());
        assert!(matches!(code, Some(0 | 1)), "{typo}: {err}");
        assert!(
            err.contains(&format!("填报日期“{typo}”不是2025年报表应有的日期")),
            "{err}"
        );
        let pdf = files_under(&out).pop().expect("the report is written");
        let text = pdf_text(&pdf);
        assert!(
            !text.contains(typo.split('年').next().unwrap()),
            "{typo} on the cover"
        );
    }
}

#[test]
fn a_truncated_xls_is_one_error_and_the_other_returns_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("returns");
    copy_dir(&sample_returns(), &data);
    let xls = std::fs::read(root().join("tests/corpus/messy/legacy_excel_97.xls")).unwrap();
    std::fs::write(data.join("2025/截断的旧版报表.xls"), &xls[..4608]).unwrap();
    let out = dir.path().join("out");
    let (code, err) = report("annual", s(&sample_plan()), s(&data), s(&out), dir.path());
    assert_eq!(code, Some(1), "{err}");
    let about: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("截断的旧版报表.xls"))
        .collect();
    assert_eq!(about.len(), 1, "{err}");
    assert!(about[0].starts_with("错误"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("可监测 67 项"),
        "the other returns are read: {err}"
    );
}

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn numbers_beyond_any_statistic_are_refused_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |t| t);
    let data = dir.path().join("returns");
    csv_return(
        &data,
        2025,
        &["孕产妇死亡率,1/10万,1.7e308,,", "宫颈癌筛查率,%,69.1,,"],
        "",
    );
    let out = dir.path().join("out");
    let (code, err) = report("annual", s(&plan), s(&data), s(&out), dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("错误")
            && l.contains("市卫生健康委.csv › ")
            && l.contains("C4")),
        "{err}"
    );
    assert_eq!(files_under(&out).len(), 1, "the report is still written");

    let plan = small_plan(dir.path(), |t| t.replacen("value: 12", "value: 1.7e308", 1));
    let (code, err) = run(
        &[
            "check",
            "--plan",
            s(&plan),
            "--data",
            s(&data),
            "--year",
            "2025",
        ],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("plan.yaml:"), "{err}");
}

#[test]
fn unit_names_never_lead_outside_the_output_folder_and_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    // Each unit reports one indicator, so that each gets a workbook.
    let units = ["../../x", "/abs/path", "市教育局/分局", "市教育局_分局"];
    let plan = small_plan(dir.path(), |t| {
        let mut t = t.replace(
            "  - name: 市妇联\n",
            &format!(
                "  - name: 市妇联\n{}",
                units.map(|u| format!("  - name: {u}\n")).concat()
            ),
        );
        for (k, unit) in units.iter().enumerate() {
            t.push_str(&format!(
                "      - number: {}\n        text: 测试指标{k}逐步提高。\n        indicators:\n          - id: extra{k}\n            name: 测试指标{k}\n            unit: \"%\"\n            reporter: {unit}\n            targets:\n              - comparator: increase\n",
                4 + k
            ));
        }
        t
    });
    let out = dir.path().join("deep/out");
    let (code, err) = run(
        &[
            "template",
            "--plan",
            s(&plan),
            "--year",
            "2026",
            "--out",
            s(&out),
        ],
        dir.path(),
    );
    assert!(matches!(code, Some(0 | 1)), "{err}");
    let written = files_under(dir.path());
    let inside: Vec<&PathBuf> = written.iter().filter(|p| p.starts_with(&out)).collect();
    assert_eq!(
        inside.len() + 1,
        written.len(),
        "only plan.yaml is outside: {written:?}"
    );
    assert!(!Path::new("/abs/path.xlsx").exists());
    // Six units, six distinct workbooks.
    assert_eq!(inside.len(), 6, "{inside:?}");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_data_pipes_and_devices_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("returns");
    copy_dir(&sample_returns(), &data);
    let year = data.join("2025");
    let _ = std::fs::remove_file(year.join("前言.md"));
    std::os::unix::fs::symlink("/etc/passwd", year.join("前言.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", year.join("zero.xlsx")).unwrap();
    let fifo = year.join("管道.xlsx");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success(),
        "mkfifo"
    );
    let out = dir.path().join("out");
    let (code, err) = report("final", s(&sample_plan()), s(&data), s(&out), dir.path());
    assert_eq!(code, Some(1), "{err}");
    for name in ["前言.md", "zero.xlsx", "管道.xlsx"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("错误") && l.contains(name)),
            "{name} refused: {err}"
        );
    }
    let pdf = files_under(&out).pop().expect("the report is written");
    assert!(!pdf_text(&pdf).contains("root:x:0"), "/etc/passwd printed");
}

#[test]
fn a_title_too_long_for_the_file_system_gives_shortened_names() {
    let dir = tempfile::tempdir().unwrap();
    let title = format!(
        "测试市{}妇女发展规划（2021—2025年）",
        "关于进一步推动妇女全面发展".repeat(5)
    );
    assert!(title.chars().count() >= 76);
    let plan = small_plan(dir.path(), |t| {
        t.replace(
            "title: 测试市妇女发展规划（2021—2025年）",
            &format!("title: {title}"),
        )
    });
    let data = dir.path().join("returns");
    csv_return(&data, 2025, &["孕产妇死亡率,1/10万,11.2,,"], "");
    let out = dir.path().join("out");
    let (code, err) = report("render", s(&plan), s(&data), s(&out), dir.path());
    assert!(matches!(code, Some(0 | 1)), "{err}");
    let written = files_under(&out);
    assert!(written.len() >= 3, "{written:?}");
    for path in &written {
        assert!(path.file_name().unwrap().len() <= 255, "{path:?}");
    }
}

#[test]
fn a_report_that_fails_on_a_rerun_does_not_leave_the_last_runs_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |t| t);
    let data = dir.path().join("returns");
    csv_return(&data, 2025, &["孕产妇死亡率,1/10万,11.2,,"], "");
    let out = dir.path().join("out");
    let args = [
        "annual",
        "--plan",
        s(&plan),
        "--data",
        s(&data),
        "--year",
        "2025",
        "--out",
        s(&out),
    ];
    let (code, err) = run(&args, dir.path());
    assert!(matches!(code, Some(0 | 1)), "{err}");
    assert_eq!(files_under(&out).len(), 1);

    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("annual.typ"), "#let x = (\n").unwrap();
    let mut broken = args.to_vec();
    broken.extend(["--templates", s(&templates)]);
    let (code, err) = run(&broken, dir.path());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("已删除"), "{err}");
    assert!(files_under(&out).is_empty(), "the stale PDF is gone");
}

#[test]
fn missing_returns_are_an_error_never_a_silent_report_of_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |t| t);
    let out = dir.path().join("out");
    let annual = |data: &Path| report("annual", s(&plan), s(data), s(&out), dir.path());
    let (code, err) = annual(&dir.path().join("mistyped"));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("报表文件夹不存在"), "{err}");

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(empty.join("2025")).unwrap();
    let (code, err) = annual(&empty);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("2025 年的报表文件夹中没有可读取的报表"),
        "{err}"
    );

    let spaced = dir.path().join("spaced");
    csv_return(&spaced, 2025, &["孕产妇死亡率,1/10万,11.2,,"], "");
    std::fs::rename(
        spaced.join("2025/市卫生健康委.csv"),
        spaced.join("2025/市卫生健康委.csv "),
    )
    .unwrap();
    let (code, err) = annual(&spaced);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("文件名的扩展名前后有空格，已按报表读取"),
        "{err}"
    );
    assert!(err.contains("可监测 1 项"), "the return is read: {err}");
}

#[test]
fn markdown_as_users_write_it_is_printed_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("returns");
    copy_dir(&sample_returns(), &data);
    std::fs::write(
        data.join("2025/前言.md"),
        "**依据**(2025年数据)，#set text(red) 照录。\n\n后面的话<!-- 没有闭合的注释\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, err) = report("final", s(&sample_plan()), s(&data), s(&out), dir.path());
    assert!(matches!(code, Some(0 | 1)), "{err}");
    assert!(
        err.contains("前言.md:3:"),
        "the unclosed comment at its line: {err}"
    );
    let text = pdf_text(&files_under(&out).pop().unwrap());
    assert!(
        text.contains("依据(2025年数据)"),
        "bold and the bracket kept"
    );
    assert!(
        text.contains("#settext(red)照录"),
        "Typst code printed, not run"
    );
    assert!(
        text.contains("没有闭合的注释"),
        "the text after <!-- is kept"
    );
}

#[test]
fn control_characters_in_a_cell_cannot_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |t| t);
    let data = dir.path().join("returns");
    csv_return(
        &data,
        2025,
        &[
            "\u{1b}[2J\u{1b}[H错误: 伪造的行,1/10万,11.2,,",
            "孕产妇死亡率,1/10万,\u{1b}]0;x\u{7},,",
        ],
        "",
    );
    let (_, err) = run(
        &[
            "check",
            "--plan",
            s(&plan),
            "--data",
            s(&data),
            "--year",
            "2025",
        ],
        dir.path(),
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(!err.lines().any(|l| l.starts_with("错误: 伪造")), "{err}");
}

#[test]
fn a_gbk_catalog_is_asked_to_be_saved_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |t| t);
    let text = std::fs::read_to_string(&plan).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&plan, &gbk).unwrap();
    let (code, err) = run(
        &["check", "--plan", s(&plan), "--data", "x", "--year", "2025"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("plan.yaml"), "{err}");
    assert!(err.contains("不是 UTF-8 编码，请另存为 UTF-8"), "{err}");
}

#[test]
fn characters_no_font_has_are_warned_with_where_they_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path(), |t| {
        t.replace("title: 测试市妇女发展规划", "title: 测试市𠀀妇女😀发展规划")
    });
    let data = dir.path().join("returns");
    csv_return(&data, 2025, &["孕产妇死亡率,1/10万,11.2,,"], "");
    let out = dir.path().join("out");
    let (code, err) = report("annual", s(&plan), s(&data), s(&out), dir.path());
    assert!(matches!(code, Some(0 | 1)), "{err}");
    for (ch, code) in [("𠀀", "U+20000"), ("😀", "U+1F600")] {
        let line = err
            .lines()
            .find(|l| l.contains(code))
            .unwrap_or_else(|| panic!("{ch} warned: {err}"));
        assert!(
            line.starts_with("警告: ") && line.contains("plan.yaml:"),
            "{line}"
        );
        assert!(line.contains(ch) && line.contains("空框"), "{line}");
    }
    assert!(err.contains("--font-dir"), "{err}");
}

/// The sample annual report with `annual.typ` replaced by the shipped one plus `extra`.
fn annual_with_template(extra: &str, env: &[(&str, &str)]) -> (Option<i32>, String, PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let shipped = attain::render::TEMPLATES
        .iter()
        .find(|(n, _)| *n == "annual.typ")
        .unwrap()
        .1;
    std::fs::write(
        templates.join("annual.typ"),
        format!("{shipped}\n{extra}\n"),
    )
    .unwrap();
    let out = dir.join("out");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_attain"));
    command
        .args([
            "annual",
            "--plan",
            s(&sample_plan()),
            "--data",
            s(&sample_returns()),
            "--year",
            "2025",
            "--out",
            s(&out),
            "--templates",
            s(&templates),
        ])
        .current_dir(&dir);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    (output.status.code(), stderr(&output), out)
}

#[test]
fn a_template_loop_of_a_billion_steps_stops_with_a_message() {
    let (code, err, out) = annual_with_template(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        &[],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("模板执行超过") && err.contains("annual.typ:"),
        "{err}"
    );
    assert!(!out.exists() || files_under(&out).is_empty());
}

#[test]
fn a_template_asking_for_unbounded_memory_stops_with_a_message() {
    let (code, err, _) = annual_with_template(
        "#let big = range(1000000000)",
        &[("ATTAIN_MEMORY_LIMIT_MB", "1500")],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("内存用量超过上限 1500 MB"), "{err}");
    assert!(err.contains("annual.typ"), "{err}");
}

#[test]
fn a_template_of_a_million_pages_stops_with_a_message() {
    let (code, err, out) = annual_with_template(
        "#for i in range(1000000) [#pagebreak()]",
        &[("ATTAIN_RENDER_SECONDS", "5")],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("超过 5 秒仍未完成"), "{err}");
    assert!(
        !out.exists() || files_under(&out).is_empty(),
        "no partial PDF"
    );
}

#[test]
fn a_regions_batch_goes_on_past_a_workbook_that_breaks_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let regions = dir.path().join("regions");
    for region in ["甲县", "乙县"] {
        let folder = regions.join(region);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::rename(small_plan(dir.path(), |t| t), folder.join("women.yaml")).unwrap();
        csv_return(
            &folder.join("returns/women"),
            2025,
            &["孕产妇死亡率,1/10万,11.2,,"],
            "",
        );
    }
    // A second return in 甲县 whose reading panics (fault injection of debug builds).
    let boom = regions.join("甲县/returns/women/2025/市妇联.csv");
    std::fs::write(
        &boom,
        "指标名称,计量单位,本年数值\n高中阶段毛入学率,%,96.4\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_attain"))
        .args([
            "render",
            "--regions",
            s(&regions),
            "--year",
            "2025",
            "--out",
            s(&out),
        ])
        .args(["--reports", "annual"])
        .env("ATTAIN_TEST_PANIC_ON", "市妇联.csv")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("错误") && l.contains("市妇联.csv") && l.contains("内部错误")),
        "{err}"
    );
    assert!(
        !err.contains("panicked at"),
        "no backtrace on the terminal: {err}"
    );
    for region in ["甲县", "乙县"] {
        let written = files_under(&out.join(region));
        assert_eq!(written.len(), 1, "{region}: {written:?}\n{err}");
    }
    // 甲县's other return is still read: its report counts the indicator it holds.
    assert!(err.contains("共写出 2 份"), "{err}");
}
