"""The DDI entity-marker rule shared by the ddi-relation specialist, med-lm-2's prompts and the TypeScript runners.

"[E1] " goes before and " [/E1]" after the first span of entities[0], "[E2] " / " [/E2]" around the first span of
entities[1]. Markers are inserted from the right so earlier offsets stay valid. Where two markers fall on the same
offset (touching or overlapping spans, 1 pair in 27,730 train pairs overlaps), the output order at that offset is
fixed: " [/E1]", " [/E2]", "[E1] ", "[E2] " (closers before openers), so the result is deterministic even when the
spans are not well nested.
"""

MARKERS = ["[E1]", "[/E1]", "[E2]", "[/E2]"]


def mark_pair(context: str, entities: list[dict]) -> str:
    s1, e1 = entities[0]["spans"][0]
    s2, e2 = entities[1]["spans"][0]
    # (offset, rank): at one offset, lower rank ends up first in the output, so insert higher ranks first.
    inserts = [(s1, 2, "[E1] "), (e1, 0, " [/E1]"), (s2, 3, "[E2] "), (e2, 1, " [/E2]")]
    out = context
    for off, _, text in sorted(inserts, key=lambda t: (-t[0], -t[1])):
        out = out[:off] + text + out[off:]
    return out
