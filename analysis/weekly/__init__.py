"""The weekly meeting: one WeekSummary per ISO week, and its PowerPoint, PDF and HTML exports."""
