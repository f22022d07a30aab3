"""The stakeholder report: data assembly (`data`, `status`, `actuals`)
separate from the Markdown and HTML templates, every fixed word from the
translations catalog."""
