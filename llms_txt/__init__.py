"""/llms.txt, /llms-full.txt and a Markdown copy of every page, and the page sources they
are made from (fences, tabs, includes) for the docs harness and the site tests."""
