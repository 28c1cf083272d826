"""Every phrase the reports share, written once: names, marks, headings, counts, movement and tones.

The report model's modules build their sentences from these; no format writes a phrase of its own, so a
wording changes here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lsp_check.figures import half_up
from lsp_check.matching import UNNAMED as UNNAMED  # the verdict lines say it too (score/gates.py)
from lsp_check.method import SEPARATE_AFTER_DAYS, Period, periods_apart

NO_FIGURE = "–"  # a figure there is none of: a section not scored, a change with one side missing
UNANSWERED = "(unanswered)"
NO_ANSWERS = "(no answers)"
NONE = "None."

# Marks beside answers, each said in words in the legend under the report.
WEAK_MARK = "▲"
TRACKED_MARK = "◆"
DISAGREE_MARK = "⚠"
UNANSWERED_MARK = "?"
DISAGREE_FLAG = f"{DISAGREE_MARK} disagree"
MARKS = {"weak": WEAK_MARK, "tracked": TRACKED_MARK}
ARROWS = {"up": "▲", "down": "▼", "level": "="}
MOVEMENT = {"up": "up", "down": "down", "level": "level"}

# Headings, introductions and table columns of a health check's report (one file or a room).
SUMMARY = "Summary"
OVERALL = "Overall"
OVERALL_ROOM = "Overall (sections' medians)"
NEEDS_TITLE = "Overall Record"
NEEDS_INTRO = "These are the needs identified and actions worth considering:"
NO_NEEDS = "No answers raised a need."
URGENT_LABEL = "urgent"
HIGH_PRIORITY = "high priority"
SUMMARY_HEADERS = ("Section", "Score", "Out of", "%", "Band")
SUMMARY_SHORT = ("Section", "Score", "%", "Band")  # the terminal's: the score as '18/24'
ROOM_SUMMARY_HEADERS = ("Section", "Respondents", "Median", "Range", "Median %", "Band")
ROOM_SUMMARY_SHORT = ("Section", "Resp.", "Median", "Range", "%", "Band")  # the terminal's narrower columns
ANSWER_HEADERS = ("Statement", "Answer", "Score")
RADAR_HEADERS = ("#", "Component", "Answer", "Score")
ROOM_ANSWER_HEADERS = ("Statement", "Answers", "Counts", "Median", "Mean", "Agreement")
ROOM_SUMMARY_NOTE = ("Median and range of respondents' totals, out of each section's maximum; overall is each "
                     "section's median percent, weighted by the section's range of possible scores.")
SCALED_MARK = "≈"  # before a room's total that was scaled from the questions a respondent answered
TO_DISCUSS = "To discuss"
TO_DISCUSS_INTRO = ("Partners answered these questions very differently (consensus below 0.5, where 1 is everyone "
                    "giving the same answer): areas to explore together. Disagreement alone raises no need:")
DISAGREE_LEGEND = (f"{DISAGREE_MARK} answers are spread across the scale (consensus below 0.5): partners disagree, "
                   "to discuss.")
TRACKED_TITLE = "Tracked answers"
INDIVIDUAL_TITLE = "Individual views"
INDIVIDUAL_INTRO = ("One respondent gave a weak answer to each of these questions, which fewer than {below} answered: one "
                    "person's view, to hear rather than plan for, so it raises no need:")

# The plan: its title under a report, its horizons, its introduction by where it comes from.
PLAN_TITLE = "Action plan"
PLAN_HEADERS = ("Priority", "Need", "Action", "Owner", "Due")
HORIZONS = ((6, "Next 6 months"), (12, "Next 12 months"))
AGREED = "agreed"
ALREADY_AGREED = "Already agreed:"
NOTHING_PLANNED = "Nothing planned."
AGREED_REASON = "agreed by the partnership"
# The horizon rule and the rank rule of score/plan.py, said once for every format (docs/method.md, rule 7).
PLAN_INTRO = ("{first}numbered down the page. A need goes in the next 6 months when {answer} is urgent (its scale's "
              "worst, or one the questionnaire marks urgent){high}, otherwise in the next 12 months; within each, the "
              "lower the number the more urgent ({rule}). Fill in an owner and a due date for each.")
PLAN_ANSWER = {True: "the answer its actions are for", False: "its answer"}
PLAN_HIGH = {True: " or two thirds or more of the room gave a weak answer (high priority)", False: ""}
PLAN_FIRST = {True: "Actions already agreed come first, marked agreed; then the suggested actions, ",
              False: "The suggested actions, "}
RANK_RULES = {"single": "the more severe the answer on its scale, the higher",
              "room": "the more respondents gave a weak answer, the higher; then the more severe the answer"}


def plan_intro(room: bool, agreed: bool, worst: Iterable[str] = ()) -> str:
    """How a plan is ordered, said once for every format: the agreed actions only when it holds some, and for one
    answers file the worst answers it holds in the scale's own words ('answers of “NO – action is needed” first')."""
    rule = RANK_RULES["room" if room else "single"]
    labels = quoted(worst)
    if labels and not room:
        rule += f"; answers of {labels} first"
    return PLAN_INTRO.format(first=PLAN_FIRST[agreed], answer=PLAN_ANSWER[room], rule=rule, high=PLAN_HIGH[room])

# How a percentage reads, one rule for every format: a CSS class in HTML, a colour in the terminal.
LOW_BELOW, HIGH_FROM = 40, 70


def quoted(labels: Iterable[str]) -> str:
    """Answers' labels, each once, in quotes: '“No – but action is in hand”' or '“Neither” or “Partly”'."""
    return " or ".join(f"\u201c{label}\u201d" for label in dict.fromkeys(labels))


def marks_legend(tracked: Iterable[str]) -> str:
    """The legend of one file's marks: the weak mark, and the tracked mark with the answers it stands for."""
    labels = quoted(tracked)
    return f"{WEAK_MARK} a weak answer" + (f" · {TRACKED_MARK} {labels}: tracked, no new suggestions" if labels else "")


def tracked_intro(labels: Iterable[str]) -> str:
    """What the tracked list holds, in the scale's own words: 'Answered “No – but action is in hand”: …'."""
    return f"Answered {quoted(labels)}: tracked, with no new suggestions:"


def floor_note(title: str, score: str, out_of: str, low: str, percent: str) -> str:
    """Why a percent is not score ÷ maximum: it runs from the lowest possible score, said once a report."""
    return (f"Percentages run from the lowest possible score to the highest: {title}'s {score} of {out_of} is "
            f"{percent} because its lowest possible score is {low} (({score} − {low}) ÷ ({out_of} − {low})).")


def tone(percent: float | None) -> str:
    """How a percentage reads: "low" (under 40%), "mid" (under 70%), "high", or "none" when there is none."""
    if percent is None:
        return "none"
    return "low" if percent < LOW_BELOW else "mid" if percent < HIGH_FROM else "high"


def partnership_name(name: str) -> str:
    """A partnership's name as a report shows it, saying so when the answers did not give one."""
    return name or UNNAMED


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 respondent', '3 respondents' (or the given plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def date_range(dates: Iterable[str]) -> str:
    """One date, 'first to last' for several (in the order given), or '' for none."""
    found = [d for d in dates if d]
    if not found:
        return ""
    return found[0] if len(found) == 1 or found[0] == found[-1] else f"{found[0]} to {found[-1]}"


def combined_assessments(periods: Sequence[Period], threshold: int) -> str:
    """What is said of a room whose answers fall in separate periods of fieldwork (Room.periods), on stderr and
    (``combined_warning``) in the report: '' for one period. The periods are named, and scoring or comparing them
    apart suggested, only when each holds at least the anonymity ``threshold`` (method.periods_apart): a smaller
    one's report, or the room's less the others', would be those few people's answers."""
    if len(periods) < 2:
        return ""
    if not periods_apart(periods, threshold):
        return (f"some answers are dated more than {SEPARATE_AFTER_DAYS} days apart from the rest, so this room may "
                "combine separate assessments; check the answers' dates")
    spans = "; ".join(date_range((period.first, period.last)) for period in periods)
    return (f"answers dated {periods[0].first} to {periods[-1].last} are combined into one room, though they look "
            f"like {len(periods)} separate assessments ({spans}: more than {SEPARATE_AFTER_DAYS} days pass between "
            "them with no answer); score each assessment's files on its own, or compare them with lsp-check compare "
            "or lsp-check trend")


def combined_warning(periods: Sequence[Period], threshold: int) -> str:
    """The report's line on a room whose answers look like separate assessments combined ('' for one period)."""
    said = combined_assessments(periods, threshold)
    return f"Warning: {said}." if said else ""


def signed(value: float | None, places: str = ".1f") -> str:
    """A change with its sign ('+4.2', '-1.0'), or an en dash when there is none."""
    if value is None:
        return NO_FIGURE
    return format(half_up(value) if places == ".1f" else value, "+" + places)


def signed_mean(value: float | None) -> str:
    """A change in a question's score (a room's mean) as every format writes it: two decimal places with trailing
    zeros dropped, the figure the JSON gives ('+1.12', '+0.5', '+1', '-0.75'), or an en dash when there is none."""
    if value is None:
        return NO_FIGURE
    text = format(half_up(value, 2), "+.2f").rstrip("0").rstrip(".")
    return "+0" if text in ("+", "-", "-0") else text


def mixed_movement(median: str, mean: str) -> str:
    """What a moved question's row says when its median answer and its mean score moved different ways ('median up,
    mean down'), else '' (the plain word says it)."""
    return "" if median == mean else f"median {MOVEMENT[median]}, mean {MOVEMENT[mean]}"


def band_label(label: str, estimated: bool) -> str:
    """A band's label as a table cell shows it, marked when it was estimated from the questions answered."""
    return label + (" (estimated)" if estimated else "")


def band_heading(label: str, estimated: bool) -> str:
    """A band's label as a section's heading or band line shows it, saying why it is estimated."""
    return label + (" (estimated from the questions answered)" if estimated else "")


def median_band(label: str) -> str:
    """A room's band line: 'Median in band: Healthy, but risks ahead.'"""
    return f"Median in band: {label}."


def note_line(who: str, text: str) -> str:
    """A note as one line: 'Note: …', or 'Note (name): …' where respondents are named."""
    return f"Note ({who}): {text}" if who else f"Note: {text}"


def spread(weak: int, responses: int, disagreement: bool) -> str:
    """How widely a room's need is felt: '2 of 4 weak', '; answers disagree' added when they do."""
    return f"{weak} of {responses} weak" + ("; answers disagree" if disagreement else "")


def plan_reason(answer: str, room: bool, weak: int, responses: int, disagreement: bool) -> str:
    """Why a need is in the plan: its answer, or a room's median answer and how widely it is felt."""
    return f"median {answer}; {spread(weak, responses, disagreement)}" if room else answer
