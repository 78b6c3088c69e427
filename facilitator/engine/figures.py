"""The room's numbers: "12 of 19 entered" and the figures behind every debrief chart.

The projected debrief, the room display and the printed report all ask here,
so the room and the client always see the same figures.
"""

from __future__ import annotations

from facilitator.engine import aggregates
from facilitator.engine.aggregates import ChartData, counted
from facilitator.engine.captures import Captures
from facilitator.engine.entry_log import EntryLog
from facilitator.engine.ids import GROUP, resolve_ref
from facilitator.engine.ledger import Ledger
from facilitator.engine.people import Roster
from facilitator.engine.scores import Scores
from facilitator.engine.votes import Votes
from facilitator.model import Capture, Chart, Checklist, Rating, Vote


class Figures:
    """Progress lines and chart data, read from the other parts."""

    def __init__(
        self, ledger: Ledger, roster: Roster, log: EntryLog, captures: Captures, scores: Scores, votes: Votes
    ) -> None:
        self.ledger = ledger
        self.roster = roster
        self.log = log
        self.captures = captures
        self.scores = scores
        self.votes = votes

    def progress(self, key: str) -> tuple[int, int]:
        """(done, expected) for the room's "12 of 19 entered"."""
        step = self.ledger.step(key)
        present = [p.id for p in self.roster.participants(present_only=True)]
        if isinstance(step, Capture):
            owners = self.captures.owners_for(key)
            done = {e.owner for e in self.log.entries(key, "capture")}
            return len(done & set(owners)), len(owners)
        if isinstance(step, Rating):
            cells = len(step.items) * max(1, len(step.aspects))
            owners = [GROUP] if step.per == "group" else present
            full = {o for o, s in self.scores.scores(key).items() if len(s) >= cells}
            return len(full & set(owners)), len(owners)
        if isinstance(step, Checklist):
            rnd = self.scores.checklist_round(key)
            subjects = self.scores.checklist_subjects(key, rnd)
            done = {e.owner for e in self.scores.ticks(key) if e.round == rnd}
            return len(done & set(subjects)), len(subjects)
        if isinstance(step, Vote):
            return len(self.log.entries(key, "vote")), step.votes_each * len(present)
        return 0, 0

    def chart(self, key: str, chart: Chart) -> ChartData:
        """The figures for one debrief chart."""
        target = resolve_ref(key, chart.step)
        step = self.ledger.step(target)
        title = chart.title or (step.title if step else chart.step)
        if isinstance(step, Capture):
            field = next((f for f in step.fields if f.id == chart.field), None)
            if field is None:
                field = next((f for f in step.fields if f.kind in ("choice", "score")), step.fields[0])
            data = [e.data for e in self.log.entries(target, "capture")]
            if chart.kind == "share":
                return aggregates.share(title, field, data, chart.threshold)
            if chart.kind == "entries":
                if step.visibility == "private":
                    return ChartData(
                        title, (), 1, counted(len(data), "private entry", "private entries"), count=len(data)
                    )
                lines = tuple(" · ".join(str(v) for v in d.values() if v != "") for d in data)
                return ChartData(
                    title, (), 1, counted(len(data), "entry", "entries"), lines=lines, count=len(data)
                )
            return aggregates.tally(title, field, data)
        if isinstance(step, Checklist):
            return aggregates.missed(title, step.items, [e.data for e in self.scores.ticks(target)])
        if isinstance(step, Vote):
            label = step.label_field
            counts = [(str(c.data.get(label, "")) or "(untitled)", n) for c, n in self.votes.tally(target)]
            return aggregates.votes(title, counts)
        if isinstance(step, Rating):
            scores = list(self.scores.scores(target).values())
            scale = (step.min, step.max)
            if chart.kind == "gap":
                return aggregates.gap(title, step.items, step.aspects, scores, scale)
            if chart.kind == "lowest":
                return aggregates.lowest(title, step.items, scores, scale, chart.top)
            return aggregates.average(title, step.items, step.aspects, scores, scale)
        return ChartData(title, (), 1, "nothing to show for this step")
