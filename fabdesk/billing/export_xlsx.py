"""The money dashboard's tables as an XLSX workbook (openpyxl): one sheet per table, a bold
header, numbers and dates as real cells (amounts with two decimals) so the spreadsheet can
add them up."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .dashboard import Table

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)


def _value(value):
    if value is None:
        return ""
    if isinstance(value, dt.date | int | Decimal):  # openpyxl writes a Decimal as it is
        return value
    return str(value)


def _sheet_title(title: str, taken: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def _write(sheet, table: Table) -> None:
    sheet.append([str(header) for header in table.headers])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in [*table.rows, *([table.footer] if table.footer else [])]:
        sheet.append([_value(value) for value in row])
        for column, value in enumerate(row):
            cell = sheet.cell(row=sheet.max_row, column=column + 1)
            if column in table.money_columns:
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    if table.footer:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
    for column in range(1, len(table.headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 18 if column > 1 else 36


def tables_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        _write(workbook.create_sheet(_sheet_title(str(table.title), taken)), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
