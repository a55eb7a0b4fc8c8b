"""The DDI entity-marker rule shared by the ddi-relation specialist, med-lm-2's prompts and the TypeScript runners.

"[E1] " goes before and " [/E1]" after the first span of entities[0], "[E2] " / " [/E2]" around the first span of
entities[1]. Markers are inserted from the right so earlier offsets stay valid. Where two markers fall on the same
offset (touching or overlapping spans, 1 pair in 27,730 train pairs overlaps), the output order at that offset is
fixed: " [/E1]", " [/E2]", "[E1] ", "[E2] " (closers before openers), so the result is deterministic even when the
spans are not well nested.
"""

import re

MARKERS = ["[E1]", "[/E1]", "[E2]", "[/E2]"]
BLIND_NAME = "drug"
_BLOCK = re.compile(r"\[E([12])\] (.*?) \[/E\1\]", re.S)


def mark_pair(context: str, entities: list[dict]) -> str:
    s1, e1 = entities[0]["spans"][0]
    s2, e2 = entities[1]["spans"][0]
    # (offset, rank): at one offset, lower rank ends up first in the output, so insert higher ranks first.
    inserts = [(s1, 2, "[E1] "), (e1, 0, " [/E1]"), (s2, 3, "[E2] "), (e2, 1, " [/E2]")]
    out = context
    for off, _, text in sorted(inserts, key=lambda t: (-t[0], -t[1])):
        out = out[:off] + text + out[off:]
    return out


def blind_marked(marked: str) -> str:
    blocks = list(_BLOCK.finditer(marked))
    if len(blocks) != 2 or blocks[0].group(1) == blocks[1].group(1) or any(m in b.group(2) for b in blocks for m in MARKERS):
        return marked
    return _BLOCK.sub(lambda b: f"[E{b.group(1)}] {BLIND_NAME} [/E{b.group(1)}]", marked)
