"""Journeys from and to other tools: `cjmap import` and `cjmap export`.

- `sheets` reads a spreadsheet (CSV, .xlsx) into plain text cells, safely;
- `mermaid_source` reads a Mermaid `journey` diagram;
- `grid` turns a journey into the grid of stages and lanes, and a grid back
  into a journey;
- `lanes` names the grid's lanes, in every language the grid may use;
- `lines` is how one item is written on one line of a cell;
- `formulas` keeps spreadsheet programs from running exported text;
- `workbook` writes the grid as CSV or a styled .xlsx;
- `draft` collects a journey being imported and writes it in `cjmap fmt` style;
- `command` runs the two commands.
"""
