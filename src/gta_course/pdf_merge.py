"""Merging tagged PDFs into one, keeping what makes each accessible: structure, bookmarks, links.

A combined PDF (a facilitator guide, a track, the course) is its parts' PDFs put together,
so a part is laid out and drawn once and keeps its own page numbers. pikepdf (QPDF) copies the
pages; what no library does is carry the tagging across, so it is done here:

- each part's structure elements go under the first document's top element, as a `/Part`;
- each part's parent-tree keys (`/StructParents` of pages, `/StructParent` of link
  annotations) are shifted past the keys already used, and its parent tree is appended;
- its bookmarks go into one outline, `shift` levels deeper (a lesson under its track);
- its named destinations join the name tree, kept sorted as the format requires.

QPDF copies every object of a source once, so the copied structure elements point at the copied
pages and annotations. The first document gives the catalog: title, language, XMP metadata
(PDF/UA identification), `/MarkInfo` and viewer preferences. Pure: bytes in, bytes out, and the
same bytes for the same input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import pikepdf
from pikepdf import Array, Dictionary, Name

Destination = Array | pikepdf.String | Name | int


@dataclass
class _Bookmark:
    level: int
    title: str
    destination: Destination


def _number_tree(node: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """Every (key, value) of a number tree, flat, in order."""
    pairs: list[tuple[int, pikepdf.Object]] = []
    if "/Nums" in node:
        nums = list(node.Nums)
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids", []):
        pairs += _number_tree(kid)
    return pairs


def _name_tree(node: pikepdf.Object) -> list[tuple[str, pikepdf.Object]]:
    """Every (name, value) of a name tree, flat, in order."""
    pairs: list[tuple[str, pikepdf.Object]] = []
    if "/Names" in node:
        names = list(node.Names)
        pairs += [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)]
    for kid in node.get("/Kids", []):
        pairs += _name_tree(kid)
    return pairs


def _destinations(document: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = document.Root.get("/Names")
    return _name_tree(names.Dests) if names is not None and "/Dests" in names else []


def _bookmarks(document: pikepdf.Pdf, shift: int) -> list[_Bookmark]:
    """A document's outline, flat, each entry `shift` levels deeper."""
    found: list[_Bookmark] = []

    def walk(items: Sequence[pikepdf.OutlineItem], level: int) -> None:
        for item in items:
            if item.destination is not None:
                found.append(_Bookmark(level + shift, str(item.title), item.destination))
            walk(list(item.children), level + 1)

    with document.open_outline() as outline:
        walk(list(outline.root), 0)
    return found


def _local(document: pikepdf.Pdf, target: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """`value` of `document` copied into `target`; QPDF copies only indirect objects."""
    return target.copy_foreign(value if value.is_indirect else document.make_indirect(value))


def _local_destination(document: pikepdf.Pdf, target: pikepdf.Pdf, destination: Destination) -> Destination:
    """A bookmark's destination in `target`: an explicit one (page and position) is copied."""
    if isinstance(destination, Array):
        return Array(_local(document, target, destination))
    return destination


def _kids(element: pikepdf.Object) -> pikepdf.Array:
    """A structure element's children as an array, which appending needs."""
    kids = element.get("/K")
    if not isinstance(kids, Array):
        element.K = Array([] if kids is None else [kids])
    return cast(Array, element.K)


def merge_pdfs(documents: Sequence[tuple[bytes, int]]) -> bytes:
    """One PDF from tagged PDFs in order; each pair is a PDF and how deep its bookmarks sit."""
    first, first_shift = documents[0]
    out = pikepdf.open(io.BytesIO(first))
    tree = out.Root.StructTreeRoot
    top = tree.K[0] if isinstance(tree.K, Array) else tree.K
    top_kids = _kids(top)
    numbers = _number_tree(tree.ParentTree)
    next_key = max((key for key, _ in numbers), default=-1) + 1
    bookmarks = _bookmarks(out, first_shift)
    names = dict(_destinations(out))
    for data, shift in documents[1:]:
        source = pikepdf.open(io.BytesIO(data))
        source_tree = source.Root.StructTreeRoot
        elements = list(source_tree.K) if isinstance(source_tree.K, Array) else [source_tree.K]
        for element in elements:  # so that copying them does not drag the source's root along
            del element["/P"]
        start = len(out.pages)
        out.pages.extend(source.pages)
        offset = next_key
        for page in out.pages[start:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        for element in elements:
            copied = out.copy_foreign(element)
            if copied.get("/S") == Name.Document:
                copied.S = Name.Part
            copied.P = top
            top_kids.append(copied)
        source_numbers = _number_tree(source_tree.ParentTree)
        numbers += [(key + offset, _local(source, out, value)) for key, value in source_numbers]
        next_key = offset + max((key for key, _ in source_numbers), default=-1) + 1
        bookmarks += [
            _Bookmark(b.level, b.title, _local_destination(source, out, b.destination))
            for b in _bookmarks(source, shift)
        ]
        for name, destination in _destinations(source):
            names.setdefault(name, _local(source, out, destination))
    flat: list[Any] = [item for pair in sorted(numbers, key=lambda pair: pair[0]) for item in pair]
    tree.ParentTree = out.make_indirect(Dictionary(Nums=Array(flat)))
    tree.ParentTreeNextKey = next_key
    if names:
        pairs: list[Any] = [item for name in sorted(names) for item in (pikepdf.String(name), names[name])]
        root_names = out.Root.get("/Names") or out.make_indirect(Dictionary())
        root_names.Dests = out.make_indirect(Dictionary(Names=Array(pairs)))
        out.Root.Names = root_names
    _write_outline(out, bookmarks)
    buffer = io.BytesIO()
    out.save(
        buffer,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
    return buffer.getvalue()


def _write_outline(document: pikepdf.Pdf, bookmarks: list[_Bookmark]) -> None:
    """The outline from flat bookmarks: each under the nearest shallower one before it."""
    with document.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for bookmark in bookmarks:
            item = pikepdf.OutlineItem(bookmark.title, bookmark.destination)
            while stack and stack[-1][0] >= bookmark.level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((bookmark.level, item))
