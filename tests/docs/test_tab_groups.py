"""Every request example comes in the same tabs, in the same order: Python, Node.js, httpx,
curl. Material links tabs by label, so picking Node.js on one page picks it on every page
only where every group has it: a group with a Python tab must have a Node.js tab too.
"""

from __future__ import annotations

import pytest

from docs_harness.pages import pages
from docs_harness.tab_groups import TAB_ORDER, TabGroup, tab_groups


def example_groups() -> list[TabGroup]:
    """The tab groups of request examples: those whose tabs are all of `TAB_ORDER`."""
    return [
        group
        for page in pages()
        for group in tab_groups(page)
        if set(group.labels) <= set(TAB_ORDER) and len(group.labels) > 1
    ]


@pytest.fixture(scope="module")
def groups() -> list[TabGroup]:
    found = example_groups()
    assert len(found) > 50, "fewer example groups than the site has: is the tab syntax unchanged?"
    return found


def test_tabs_come_in_one_order(groups: list[TabGroup]) -> None:
    wrong = [str(g) for g in groups if list(g.labels) != sorted(g.labels, key=TAB_ORDER.index)]
    assert not wrong, f"tabs out of the order {list(TAB_ORDER)}: {wrong}"


def test_every_python_group_has_a_node_tab(groups: list[TabGroup]) -> None:
    missing = [str(g) for g in groups if "Python" in g.labels and "Node.js" not in g.labels]
    assert not missing, f"these example groups have no Node.js tab: {missing}"
