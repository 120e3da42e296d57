# Sourced by the scripts that read `lad eval`'s confusion table: confusion_row ROW prints the row's two counts, flagged
# and not flagged, without thousands separators, from the report on standard input. ROW is "anomalous" or "normal";
# the table's rows read "│ anomalous │ flagged │ not flagged │".
confusion_row() { sed -nE "s/^│ *$1 *│ *([0-9,]+) *│ *([0-9,]+) *│\$/\\1 \\2/p" | tr -d ,; }
