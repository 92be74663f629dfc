"""Tags as authors type them: ``DBD``, ``dbd`` and ``Stunting``/``stunting `` are one tag,
shown everywhere in its most used spelling; ``check`` warns about the other spellings."""

from __future__ import annotations

from collections import Counter, defaultdict


def key(tag: str) -> str:
    """Tags that differ only in case or spacing share a key."""
    return " ".join(str(tag).split()).casefold()


def spellings(items) -> dict[str, Counter]:
    """key -> how often each spelling is used, over every item (drafts included)."""
    found: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        for tag in item.values.get("tags") or ():
            if str(tag).strip():
                found[key(tag)][" ".join(str(tag).split())] += 1
    return found


def canonical(found: dict[str, Counter]) -> dict[str, str]:
    """key -> the spelling to show: the most used, ties to the first in sort order."""
    return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in found.items()}


def variant_warnings(items, found: dict[str, Counter]) -> list[tuple[str, str]]:
    """(file, message) for each file writing a tag another way than its shown spelling."""
    names = canonical(found)
    out = []
    for item in items:
        tags = [t for t in item.values.get("tags") or () if str(t).strip()]
        seen = set()
        for tag in tags:
            k, spelled = key(tag), " ".join(str(tag).split())
            if k in seen:
                out.append((item.rel, f"tag '{spelled}' tertulis dua kali (beda huruf besar/kecil atau spasi); hapus salah satu"))
                continue
            seen.add(k)
            if spelled != names[k]:
                n = found[k][names[k]]
                out.append((item.rel, f"tag '{spelled}' ditampilkan sebagai '{names[k]}' (ejaan yang dipakai {n} kali); samakan penulisannya"))
    return out


def normalise(content, names: dict[str, str]):
    """One Tag per key on a content object, named in the shown spelling."""
    tags = getattr(content, "tags", None)
    if not tags:
        return
    from pelican.urlwrappers import Tag

    out, seen = [], set()
    for tag in tags:
        k = key(tag.name)
        if k in seen:
            continue
        seen.add(k)
        name = names.get(k, tag.name)
        out.append(tag if tag.name == name else Tag(name, content.settings))
    content.tags = out
