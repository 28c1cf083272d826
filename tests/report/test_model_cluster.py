"""The report model of a cluster: cells against the median in symbol and words, shared needs worded."""

from __future__ import annotations

from lsp_check.report.model.cluster import cluster_report, which
from lsp_check.score.cluster import Cluster, ClusterRow, SharedNeed

CLUSTER = Cluster(
    (("lead", "Leadership"),),
    (ClusterRow("Elmbridge", 3, {"lead": 80.0}, {"lead": 10.0}), ClusterRow("Woking", 4, {"lead": 60.0},
                                                                            {"lead": -10.0}),
     ClusterRow("Epsom", 2, {"lead": 70.0}, {"lead": 0.0})),
    {"lead": 70.0},
    (SharedNeed("common vision", ("Elmbridge", "Woking"), 4, (("Leadership", "We share a vision"),),
                ((3, 3), (1, 4)), 7),),
)


def test_each_cell_says_where_it_stands_against_the_median():
    r = cluster_report(CLUSTER)
    cells = [row.cells[0] for row in r.rows]
    assert [(c.text, c.words, c.arrow) for c in cells] == [
        ("80.0% (+10.0)", "+10.0 above", "▲"), ("60.0% (-10.0)", "-10.0 below", "▼"), ("70.0% (+0.0)", "at the median", "=")]
    assert r.medians == ("70.0%",) and r.headers == ("Partnership", "Respondents", "Dates", "Leadership")


def test_a_shared_need_names_who_has_it_and_where_it_was_raised():
    (need,) = cluster_report(CLUSTER).shared
    assert (need.rank, need.partnerships, need.which) == (1, "2 of 3", "Elmbridge (3 of 3), Woking (1 of 4)")
    assert need.questions == ("Leadership: We share a vision",)
    assert need.spread == "2 of 3 partnerships, 4 of 7 respondents with a weak answer"
    assert which(CLUSTER.shared[0], "; ") == "Elmbridge (3 of 3); Woking (1 of 4)"


def test_no_shared_need_is_said_only_when_there_is_none():
    assert cluster_report(CLUSTER).no_shared == ""
    assert cluster_report(CLUSTER._replace(shared=())).no_shared == "No partnership raised a need."
