"""MkDocs glue that writes /llms.txt, /llms-full.txt and a Markdown copy of every page."""
