"""The report model: what each kind of result says, decided once for every format (one module per kind).

``build`` turns a result into its model: ``single`` (one answers file) and ``room`` share the types of
``health``; ``comparison``, ``cluster``, ``plans``, ``sectors``, ``trend`` and ``validation`` (what validate
found) have a module each; the phrases they share are in ``words``, the charts' data in ``chart``, what is
withheld to keep respondents anonymous in ``privacy`` and the note of files --skip-invalid left out in
``skipped``. Text, Markdown, HTML, Word and the github format read only these models; JSON and CSV, the
machine contract, read the results.
"""

import importlib
from typing import cast

# Each kind's builder: its module and function, imported only when a result of that kind is reported.
BUILDERS = {
    "single": ("single", "single_report"),
    "room": ("room", "rooms_report"),
    "comparison": ("compare", "comparison_report"),
    "cluster": ("cluster", "cluster_report"),
    "plans": ("plan", "plans_report"),
    "sectors": ("sectors", "sectors_document"),
    "trend": ("trend", "trend_report"),
    "validation": ("validation", "validation_report"),
}


def build(kind: str, result: object) -> object:
    """The report model of a result of this kind (report.kind_of tells it)."""
    module, function = BUILDERS[kind]
    builder = getattr(importlib.import_module(f"lsp_check.report.model.{module}"), function)
    return cast("object", builder(result))




# Fields that hold no words a reader sees: ids, keys and values for machines (CSS classes, sort keys, paths).
NOT_WORDS = frozenset({
    "kind", "id", "key", "question", "section", "level", "tone", "direction", "latest_direction", "option",
    "category", "source", "priority", "date", "respondent", "tones",
})

# What a format lays out of a model in another of the model's forms, or leaves out, and why. Every other string
# of every model is shown by text, Markdown, HTML and Word alike: tests/test_consistency.py walks the models and
# holds each format to it. A key is "Type.field", or "kind/Type.field" for one kind of report.
_CHARTS = {
    "Chart.title": "charts are drawn in HTML only, beside a table of the same figures",
    "Chart.caption": "charts are drawn in HTML only, beside a table of the same figures",
    "Chart.series": "charts are drawn in HTML only",
    "ChartRow.label": "charts are drawn in HTML only",
    "ChartRow.note": "charts are drawn in HTML only",
    "QuestionRow.name": "a question's short name labels a spoke of a radar, in HTML beside its statement",
}
_EVERYWHERE = {
    "RoomsReport.title": "a document's title: the HTML page's title and the Word document's properties",
    "PlansReport.title": "a document's title: the HTML page's title and the Word document's properties",
    "NeedEntry.statement": "the detail and label in one line, for a format that gives each need one line (github)",
    "room/QuestionRow.answer": "a room's answer is its median answer, shown as the median",
    "ComparisonReport.regressions": "the github format's errors; the others show each section's movement",
    "TrendReport.regressions": "the github format's errors; the others say the regression line",
    "single/PlanReport.title": "under a report a plan is headed by its heading",
    "room/PlanReport.title": "under a report a plan is headed by its heading",
    "single/PlanReport.date_line": "under a report the report's lines give the date",
    "room/PlanReport.date_line": "under a report the report's lines give the date",
    "plans/PlanReport.heading": "a plan on its own is headed by its title",
}
_WIDE = {  # what the terminal alone says, in its narrower forms
    "ClusterReport.dates_line": "the wide formats give each partnership's dates in a column",
    "NeedEntry.brief": "the wide formats say each need's detail",
    "SectionPart.options_line": "the wide formats name each option beside its count",
    "Report.summary_short": "the wide formats name the columns in full",
    "ClusterReport.short_headers": "the wide formats name the columns in full",
    "RankedNeed.spread": "the wide formats give these figures in columns of their own",
    "AnswerList.mark": "the terminal marks each listed answer; the wide formats head each list",
}
_AGREED = {"Horizon.agreed_heading": "the agreed actions are tagged, not listed under a heading"}
_NARROW = {  # what Markdown and the terminal leave out of a table, or say by a mark alone
    "Move.word": "the movement is its arrow",
    "ComparisonReport.section_headers": "the movement column is headed by nothing but its arrows",
    "ComparisonReport.moved_headers": "the movement is its arrow, beside the change",
    "ComparisonReport.sections_title": "the table follows the title directly",
    "ClusterReport.table_title": "the table follows the title directly",
    "ClusterCell.words": "the points from the median are in brackets (the cell's text)",
    "ClusterCell.arrow": "the points from the median are in brackets, with their sign",
    "RankedNeed.questions": "the partnerships are named; the questions are in HTML",
    "TrendReport.sections_heading": "the table follows the title directly",
    "NeedLine.words": "the marks are said in words by the legend above them",
    "SectorsReport.sections_title": "the table follows the title directly",
    "SectorsReport.sections_caption": "a table's name for a screen reader",
    "QuestionTable.caption": "a table's name for a screen reader",
    "PlanReport.headers": "the plan is a checklist, not a table",
}
LEFT_OUT: dict[str, dict[str, str]] = {
    "text": {
        **_CHARTS, **_EVERYWHERE, **_NARROW, **_AGREED,
        "NeedEntry.question_text": "the terminal's brief names the section and the answer",
        "NeedEntry.detail": "the terminal gives each need's brief",
        "SectionPart.description": "the terminal report is a summary",
        "SectionPart.missing_line": "the summary note says how many are unanswered",
        "SectionPart.answer_headers": "the terminal's questions stand without a table heading",
        "QuestionRow.distribution": "the terminal draws the counts as a sparkline",
        "single/SectionPart.score_line": "the section's heading gives its score ('18 of 24')",
        "single/SectionPart.band_line": "the section's heading gives its band",
        "single/QuestionRow.text": "the terminal gives a scored section's questions through its needs and lists",
        "single/QuestionRow.answer": "the terminal gives a scored section's answers through its needs and lists",
        "single/QuestionRow.score": "the terminal gives a section's score, not each question's",
        "single/QuestionRow.mark": "the terminal marks the answers in its lists",
        "Report.summary_headers": "the terminal names the columns for its width (summary_short)",
        "Report.summary_title": "the table follows the title directly",
        "ClusterReport.headers": "the terminal names the columns for its width (short_headers)",
        "ClusterReport.shared_headers": "the terminal lists the shared needs, a line of figures each",
        "Series.arrow": "the terminal's change is signed and coloured",
        "SectorsReport.differ_header": "the terminal says where they differ after each label",
        "SectorsReport.question_header": "the terminal stacks each question's answers under it",
    },
    "markdown": {
        **_CHARTS, **_EVERYWHERE, **_WIDE, **_NARROW,
        "SectionPart.answer_headers": "Markdown's tables of questions have the columns it shows",
        "single/QuestionRow.score": "Markdown's table of answers leaves the score to the summary",
        "TrendReport.need_headers": "Markdown's table gives each assessment its column",
    },
    "html": {
        **_EVERYWHERE, **_WIDE, **_AGREED,
        "ChartRow.label": "a chart's labels are shortened to fit; the table beside has them whole",
        "ChartRow.note": "a chart's labels are shortened to fit; the table beside has them whole",
        "QuestionRow.name": "a question's short name is shown beside a radar",
        "QuestionRow.distribution": "HTML lists the counts beside the distribution's bar",
        "ClusterCell.versus": "HTML says the points from the median in words (the cell's words)",
        "ClusterCell.text": "HTML shows the percent and, under it, the points in words",
        "Series.spark": "HTML draws the series as lines",
        "TrendReport.need_headers": "HTML's table gives each assessment its column",
        "TrendReport.legend": "HTML says each mark in words beside it",
    },
    "docx": {
        **_CHARTS, **_EVERYWHERE, **_WIDE, **_AGREED,
        "room/SectionPart.answer_headers": "Word's table of a room's questions gives the counts under Answers",
        "QuestionRow.distribution": "Word lists the counts in their column",
        "PlanNeed.reason": "Word's plan is a table to fill in: priority, need, action, owner, due",
        "ClusterCell.words": "the points from the median are in brackets (the cell's text)",
        "ClusterCell.arrow": "the points from the median are in brackets, with their sign",
        "RankedNeed.questions": "the partnerships are named; the questions are in HTML",
        "Series.spark": "Word's table gives each assessment's figure",
        "TrendReport.need_headers": "Word's table gives each assessment its column",
        "SectorsReport.sections_caption": "a table's name for a screen reader",
        "QuestionTable.caption": "a table's name for a screen reader",
    },
}
