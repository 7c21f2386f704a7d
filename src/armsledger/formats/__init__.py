"""Output formats shared by every command and export: claim columns, Excel-safe CSV, XLSX workbooks."""
