"""Merging tagged PDFs: the structure tree, parent tree, bookmarks and names survive, same bytes."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfReader

from gta_course.pdf import PdfRenderer
from gta_course.pdf_merge import merge_pdfs

pytestmark = pytest.mark.pdf


def document(name: str, pages: int) -> str:
    """A small tagged document: headings, a link (an annotation in the structure) and page breaks."""
    body = "".join(
        f'<section style="break-before: {"page" if i else "auto"}"><h2>{name} part {i}</h2><p>Text {i} of {name}. '
        f'<a href="https://example.org/{name}/{i}">A link</a></p></section>'
        for i in range(pages)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{name}</title></head>'
        f'<body><article id="{name}"><h1>{name}</h1>{body}</article></body></html>'
    )


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    renderer = PdfRenderer("a4")
    return [renderer.render(name, document(name, n)) for name, n in (("Cover", 1), ("First", 2), ("Second", 3))]


def elements(node: pikepdf.Object) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """Every structure element with the element or root it hangs from."""
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            found.append((kid, node))
            found += elements(kid)
    return found


def test_merged_structure_is_whole(parts: list[bytes]) -> None:
    merged = merge_pdfs([(parts[0], 0), (parts[1], 1), (parts[2], 1)])
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        assert len(pdf.pages) == 6
        pages = {page.objgen for page in pdf.pages}
        tree = pdf.Root.StructTreeRoot
        found = elements(tree)
        assert [str(e.S) for e, _ in found if tree == e.P] == ["/Document"]
        assert [str(e.S) for e, _ in found].count("/Part") == 2
        for element, parent in found:
            assert element.P.objgen == parent.objgen
            if "/Pg" in element:
                assert element.Pg.objgen in pages
        nums = list(tree.ParentTree.Nums)
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert keys == sorted(set(keys)) and int(tree.ParentTreeNextKey) == keys[-1] + 1
        used = [int(page.obj.StructParents) for page in pdf.pages]
        used += [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", []) if "/StructParent" in a]
        assert sorted(used) == keys
        names = list(pdf.Root.Names.Dests.Names)
        titles = [str(names[i]) for i in range(0, len(names), 2)]
        assert titles == sorted(titles) and {"Cover", "First", "Second"} <= set(titles)
        with pdf.open_outline() as outline:
            top = [(str(item.title), [str(c.title) for c in item.children]) for item in outline.root]
        assert top[0][0] == "Cover" and "First" in top[0][1] and "Second" in top[0][1]
        assert str(pdf.docinfo["/Title"]) == "Cover" and str(pdf.Root.Lang) == "en"
    text = [page.extract_text() for page in PdfReader(io.BytesIO(merged)).pages]
    assert "Text 2 of Second" in text[-1]


def test_merging_is_reproducible(parts: list[bytes]) -> None:
    assert merge_pdfs([(p, 1) for p in parts]) == merge_pdfs([(p, 1) for p in parts])
