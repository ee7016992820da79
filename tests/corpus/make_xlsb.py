#!/usr/bin/env python3
"""Writes the two .xlsb files of tests/corpus: no program the project uses writes .xlsb.

    python3 tests/corpus/make_xlsb.py

messy/binary_workbook.xlsb: the clean form's header and two rows, as Excel stores them.
hostile/xlsb_far_cell.xlsb: values at A1 and XFD1048576, which calamine spans with a grid
of 17 billion cells.
"""
import struct
import zipfile
from pathlib import Path


def record(typ, data=b""):
    head = bytes([typ]) if typ < 0x80 else bytes([(typ & 0x7F) | 0x80, typ >> 7])
    size, length = len(data), b""
    while True:
        byte = size & 0x7F
        size >>= 7
        length += bytes([byte | (0x80 if size else 0)])
        if not size:
            break
    return head + length + data


def wide(text):
    units = text.encode("utf-16-le")
    return struct.pack("<I", len(units) // 2) + units


def row(r):
    return record(0x0000, struct.pack("<I", r) + b"\0" * 13)


def number(col, value):
    return record(0x0005, struct.pack("<IId", col, 0, value))


def text(col, value):
    return record(0x0006, struct.pack("<II", col, 0) + wide(value))


def workbook(path, cells):
    """cells: {row: [record, ...]}"""
    book = (
        record(0x0083)
        + record(0x008F)
        + record(0x009C, struct.pack("<II", 0, 1) + wide("rId1") + wide("Sheet1"))
        + record(0x0090)
        + record(0x009D, b"\0" * 26)
        + record(0x0084)
    )
    rows = max(cells)
    sheet = record(0x0081) + record(0x0094, struct.pack("<IIII", 0, rows, 0, 4)) + record(0x0091)
    for r in sorted(cells):
        sheet += row(r) + b"".join(cells[r])
    sheet += record(0x0092) + record(0x0082)
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>'
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        "</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [
            ("[Content_Types].xml", types.encode()),
            ("xl/workbook.bin", book),
            ("xl/_rels/workbook.bin.rels", rels.encode()),
            ("xl/worksheets/sheet1.bin", sheet),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


here = Path(__file__).parent
workbook(
    here / "messy/binary_workbook.xlsb",
    {
        0: [text(0, "株洲市妇女发展规划统计监测报表（2025年）")],
        1: [text(0, "指标名称"), text(1, "计量单位"), text(2, "本年数值"), text(3, "上年数值")],
        2: [text(0, "孕产妇死亡率"), text(1, "1/10万"), number(2, 9.8), number(3, 10.2)],
        3: [text(0, "适龄妇女宫颈癌人群筛查率"), text(1, "%"), number(2, 90.5), number(3, 88.0)],
        4: [text(0, "填报单位：市卫生健康委")],
    },
)
workbook(
    here / "hostile/xlsb_far_cell.xlsb",
    {0: [number(0, 1.0)], 1048575: [number(16383, 2.0)]},
)
