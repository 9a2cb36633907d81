"""Translations of the content in gettext's PO files: what `rubric-guide translate` extracts,
how a later run merges (new, obsolete, fuzzy with the previous source), what `check` says of a
translation, and the guide built in a second language at /<lang>/."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from pypdf import PdfReader

from generator.kinds import BOOK_PDF
from generator.translate import Fallback, Unit, merge, translated_page
from generator.urls import HeadingIds

from .helpers import (
    MINIMAL_GUIDE,
    NAVIGATED,
    NO_PDF,
    PAGE_MD,
    TRANSLATED,
    WarmPython,
    fill,
    rubric_guide,
    rubric_guide_here,
    structure_languages,
    translate,
    write_files,
)


def guide(root: Path, district: str = "translations: [es]\n") -> Path:
    return write_files(root, {**MINIMAL_GUIDE, "content/index.md": PAGE_MD,
                              "district.yml": district})


def entries(root: Path) -> dict[str, tuple[str, str]]:
    with (root / "translations" / "es.po").open("rb") as fd:
        catalog = read_po(fd)
    return {str(m.context): (str(m.id), str(m.string)) for m in catalog if m.id}


def test_translate_writes_every_text_with_its_place_and_context(tmp_path: Path) -> None:
    root = guide(tmp_path)
    assert translate(root) == ("Wrote translations/es.po: 24 texts: 24 new, 0 fuzzy (source "
                               "changed), 0 obsolete.\n")
    po = (root / "translations" / "es.po").read_text(encoding="utf-8")
    assert ('#: rubrics/teamwork.yml:11\n'
            'msgctxt "rubrics/teamwork.yml criteria[meetings].levels.growing"\n'
            'msgid "Meetings are regular."\nmsgstr ""\n') in po
    assert ('#: content/index.md:10\nmsgctxt "content/index.md #begin[1]"\n'
            'msgid "Meet weekly."\n') in po
    assert "Language: es\\n" in po
    found = entries(root)
    assert found["content/scales.yml scales[three].levels[growing].label"][0] == "Growing"
    assert found["content/principles.yml principles[trust].description"][0] == (
        "People rely on each other.")
    assert found["content/index.md title"][0] == "Test guide"
    assert found["mkdocs.yml site_name"][0] == "Test guide"  # the name on every page
    assert '#: mkdocs.yml:1\nmsgctxt "mkdocs.yml site_name"\n' in po
    assert found["content/index.md #begin[0]"][0] == "How to begin"
    assert found["content/index.md #begin[5]"][0] == "Plan"
    # Sources are cited under their own titles; code, ids and links are not text.
    assert not [c for c in found if c.startswith("content/sources.yml")]
    assert "not text to translate" not in po and "doe-2020\"" not in po


def test_a_later_run_keeps_translations_marks_changed_ones_fuzzy_and_removed_obsolete(
        tmp_path: Path) -> None:
    root = guide(tmp_path)
    translate(root)
    fill(root, TRANSLATED)
    rubric = root / "rubrics" / "teamwork.yml"
    rubric.write_text(rubric.read_text(encoding="utf-8")
                      .replace("Meetings are regular.", "Meetings happen every week.")
                      .replace("      strong: Meetings drive decisions.\n",
                               "      strong: Meetings drive decisions.\n"
                               "    description: A new text.\n"), encoding="utf-8")
    page = root / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("- Meet weekly.\n", ""),
                    encoding="utf-8")
    assert translate(root) == ("Wrote translations/es.po: 24 texts: 1 new, 1 fuzzy (source "
                               "changed), 1 obsolete.\n")
    po = (root / "translations" / "es.po").read_text(encoding="utf-8")
    assert ('#, fuzzy\n#| msgid "Meetings are regular."\n'
            'msgctxt "rubrics/teamwork.yml criteria[meetings].levels.growing"\n'
            'msgid "Meetings happen every week."\n'
            'msgstr "Las reuniones son periódicas."\n') in po
    assert '#~ msgid "Meet weekly."\n#~ msgstr "Reunirse cada semana."\n' in po
    assert entries(root)["rubrics/teamwork.yml criteria[meetings].description"] == (
        "A new text.", "")
    # The texts whose section moved up one keep their translations.
    assert entries(root)["content/index.md #begin[0]"] == ("How to begin", "Cómo empezar")
    assert entries(root)["rubrics/teamwork.yml criteria[meetings].title"][1] == (
        "Reuniones y órdenes del día")


def catalogue(entries: dict[str, tuple[str, str]]) -> Catalog:
    """A PO catalogue of ``{context: (English, Spanish)}``."""
    catalog = Catalog(locale="es")
    for context, (english, spanish) in entries.items():
        catalog.add(english, spanish, context=context)
    return catalog


def merged(units: list[Unit], old: Catalog) -> dict[str, tuple[str, str, bool]]:
    catalog, _ = merge(units, old, "es", "guide")
    return {str(m.context): (str(m.id), str(m.string), m.fuzzy) for m in catalog if m.id}


def test_a_paragraph_inserted_above_a_reworded_one_takes_no_translation_of_its_own():
    # Upstream inserts a paragraph above one it rewords: the places in the section shift, and
    # each translation goes with its own text, not with the place it had.
    page = "content/customize.md"
    old = catalogue({f"{page} #settings[0]": ("Run the check after an edit: it names each "
                                              "mistake.", "Ejecute la comprobación."),
                     f"{page} #settings[1]": ("Then commit.", "Luego confirme.")})
    units = [Unit(f"{page} #settings[0]", "`rubrics_dir`, `overrides_dir`", page, 3, page=True),
             Unit(f"{page} #settings[1]", "Run the check after each edit: it names every "
                  "mistake.", page, 5, page=True),
             Unit(f"{page} #settings[2]", "Then commit.", page, 7, page=True)]
    assert merged(units, old) == {
        f"{page} #settings[0]": ("`rubrics_dir`, `overrides_dir`", "", False),
        f"{page} #settings[1]": ("Run the check after each edit: it names every mistake.",
                                 "Ejecute la comprobación.", True),
        f"{page} #settings[2]": ("Then commit.", "Luego confirme.", False),
    }


def test_a_field_reworded_beyond_recognition_is_still_its_old_text_changed():
    # A field's context is its place in the data: whatever its new words, it is the same text.
    old = catalogue({"rubrics/t.yml criteria[a].title": ("Roles", "Funciones")})
    units = [Unit("rubrics/t.yml criteria[a].title", "Who does what in the team", "rubrics/t.yml")]
    assert merged(units, old) == {
        "rubrics/t.yml criteria[a].title": ("Who does what in the team", "Funciones", True)}


def test_a_navigation_title_moved_from_mkdocs_yml_to_district_yml_keeps_its_translation():
    old = catalogue({"mkdocs.yml nav[customize.md]": ("About this guide",
                                                      "Acerca de esta guía")})
    units = [Unit("district.yml nav[customize.md]", "About this guide", "district.yml", 4)]
    catalog, report = merge(units, old, "es", "guide")
    assert [(m.context, m.string, m.fuzzy) for m in catalog if m.id] == [
        ("district.yml nav[customize.md]", "Acerca de esta guía", False)]
    assert (report.added, report.fuzzy, report.obsolete) == (0, 0, 0)


LONG = ("Meetings are regular, planned a term ahead, and every member of the team brings "
        "evidence to them.")
GROWING = 'msgctxt "rubrics/teamwork.yml criteria[meetings].levels.growing"\n'


def test_a_fuzzy_entrys_previous_text_is_valid_po_and_later_runs_keep_it(
        tmp_path: Path) -> None:
    root = guide(tmp_path)
    rubric = root / "rubrics" / "teamwork.yml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace(
        "Meetings are regular.", LONG), encoding="utf-8")
    translate(root)
    fill(root, {LONG: "Las reuniones son periódicas."})
    rubric.write_text(rubric.read_text(encoding="utf-8").replace(
        LONG, "Meetings happen every week."), encoding="utf-8")
    translate(root)
    po = root / "translations" / "es.po"
    previous = f"#, fuzzy\n#| msgid {json.dumps(LONG)}\n{GROWING}"
    written = po.read_text(encoding="utf-8")
    assert previous in written
    # Every line of a previous text is a whole quoted string, as gettext's tools read it.
    assert all(re.fullmatch(r'#\| (msgid )?"(?:[^"\\]|\\.)*"', line)
               for line in written.splitlines() if line.startswith("#|"))
    assert translate(root).endswith("0 new, 0 fuzzy (source changed), 0 obsolete.\n")
    def dated(text: str) -> list[str]:
        return [line for line in text.split("\n") if not line.startswith('"PO-Revision-Date')]
    assert dated(po.read_text(encoding="utf-8")) == dated(written)
    # A file an earlier version wrote, the previous text wrapped inside its quotes, is read
    # and written whole.
    po.write_text(written.replace(
        f"#| msgid {json.dumps(LONG)}\n",
        '#| msgid "Meetings are regular, planned a term ahead, and every member of the\n'
        '#| team brings evidence to them."\n'), encoding="utf-8")
    translate(root)
    assert previous in po.read_text(encoding="utf-8")


def test_a_translated_page_keeps_anchors_and_marks_what_it_lacks() -> None:
    def lookup(context: str, text: str) -> str:
        return TRANSLATED.get(text) or Fallback(text, "en")

    page = translated_page(PAGE_MD, "content/index.md", lookup)
    assert page.split("\n")[:16] == [
        "---", 'title: "<span lang="en">Test guide</span>"'.replace(
            '<span lang="en">Test guide</span>', "Test guide"), "---",
        '# <span lang="en">Test guide</span> { #test-guide }', "",
        '<span lang="en">Teams matter [@doe-2020].</span>', "",
        "## Cómo empezar { #begin }", "",
        "- Reunirse cada semana.", '- <span lang="en">Share the agenda.</span>', "",
        '| <span lang="en">Step</span> | <span lang="en">Who</span> |', "| --- | --- |",
        '| <span lang="en">Plan</span> | <span lang="en">The team</span> |', ""]
    assert "title: not text to translate" in page


def test_a_translated_heading_keeps_the_id_the_sites_slugify_gives_it() -> None:
    from pymdownx.slugs import slugify

    ids = HeadingIds.of_toc({"slugify": slugify(case="lower")})
    contexts: list[str] = []

    def lookup(context: str, text: str) -> str:
        contexts.append(context)
        return {"Evaluación del Equipo": "Team review"}.get(text, text)

    page = translated_page("## Evaluación del Equipo\n\nTeams matter.\n", "content/index.md",
                           lookup, ids)
    assert page.splitlines()[0] == "## Team review { #evaluación-del-equipo }"
    # The texts keep the names they had, whatever the site's ids: translations stay matched.
    assert contexts == ["content/index.md #evaluacion-del-equipo[0]",
                        "content/index.md #evaluacion-del-equipo[1]"]


def test_language_codes_are_checked(tmp_path: Path) -> None:
    root = guide(tmp_path, "translations: [es, xx, es, en]\n")
    result = rubric_guide_here("check", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        "district.yml:1:20: translations[1]: the guide has no messages in 'xx' (it ships en, "
        "es); copy generator/messages/en.yml to overrides/messages/xx.yml and translate it, "
        "or choose one of those",
        "district.yml:1:24: translations[2]: 'es' is listed twice; keep one",
        "district.yml:1:28: translations[3]: 'en' is the language the content is written in "
        "(content_language), published at the site's root; list only the other languages",
    ]


def test_check_lists_untranslated_and_fuzzy_texts_and_strict_refuses(tmp_path: Path) -> None:
    root = guide(tmp_path)
    translate(root)
    fill(root, {text: "x" for text in entries_text(root)})
    assert rubric_guide_here("check", "--strict", cwd=root).returncode == 0
    rubric = root / "rubrics" / "teamwork.yml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace(
        "Meetings are regular.", "Meetings happen every week."), encoding="utf-8")
    result = rubric_guide_here("check", cwd=root)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "Warning: 1 thing to finish in the guide's content:",
        "rubrics/teamwork.yml:11:1: criteria[meetings].levels.growing: warning: not in "
        "translations/es.po",
        "run `rubric-guide translate es` to add the new texts to translations/es.po, then "
        "translate them",
    ]
    translate(root)
    result = rubric_guide_here("check", "--strict", cwd=root)
    assert result.returncode == 1
    line = (root / "translations" / "es.po").read_text(encoding="utf-8").split("\n").index(
        'msgid "Meetings happen every week."') + 1
    assert result.stderr.splitlines()[:3] == [
        "Warning: 1 thing to finish in the guide's content:",
        f"translations/es.po:{line}:1: warning: fuzzy: 'Meetings happen every week.'",
        "their source text changed: check each translation, correct it and remove the fuzzy "
        "flag (Poedit: Needs work off)",
    ]


def nav_titles_of(page: str) -> list[str]:
    primary = page[page.index("md-nav--primary"):]
    return [re.sub(r"\s+", " ", title).strip() for title in re.findall(
        r'<span class="md-ellipsis">\s*(<span lang="\w+">[^<]*</span>|[^<]*)', primary)]


def test_navigation_titles_are_translated_or_shown_marked_and_named(
        tmp_path: Path, warm_python: WarmPython) -> None:
    root = write_files(tmp_path, {**MINIMAL_GUIDE, **NAVIGATED})
    translate(root)
    found = entries(root)
    assert found["district.yml nav[calendar.md]"] == ("Calibration calendar", "")
    assert found["district.yml nav[teams.md]"] == ("School teams", "")
    assert found["mkdocs.yml nav[index.md]"] == ("Home", "Inicio")  # the guide's own words
    po = (root / "translations" / "es.po").read_text(encoding="utf-8")
    assert '#: district.yml:4\nmsgctxt "district.yml nav[calendar.md]"' in po
    assert '#: mkdocs.yml:7\nmsgctxt "mkdocs.yml nav[index.md]"' in po
    fill(root, {"Calibration calendar": "Calendario de calibración"})
    line = po.split("\n").index('msgid "School teams"') + 1
    check = rubric_guide_here("check", cwd=root)
    # The untranslated title is named; Home is in the guide's own words for Spanish.
    assert (f"translations/es.po:{line}:1: warning: the navigation title 'School teams' has "
            "no translation into 'es', so /es/ shows it in 'en'; translate it here"
            ) in check.stderr.splitlines()
    assert "'Home'" not in check.stderr and "'Calibration calendar'" not in check.stderr
    result = rubric_guide("build", cwd=root, python=warm_python)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "es" / "calendar" / "index.html").read_text(encoding="utf-8")
    assert nav_titles_of(page) == [
        "Inicio", '<span lang="en">School teams</span>', "Calendario de calibración",
        '<span lang="en">Who to ask</span>']
    assert "<title>Calendario de calibración - Test guide</title>" in page
    english = (root / "site" / "calendar" / "index.html").read_text(encoding="utf-8")
    assert nav_titles_of(english) == ["Home", "School teams", "Calibration calendar",
                                      "Who to ask"]


def test_a_language_with_some_words_of_its_own_suggests_only_those(tmp_path: Path) -> None:
    # French messages of the fork's that leave the navigation's words in English: the home
    # page's title starts untranslated, a text the translator must give, not "Home".
    files = {**MINIMAL_GUIDE, **NAVIGATED,
             "district.yml": NAVIGATED["district.yml"].replace("[es]", "[es, fr]")}
    for messages, home in (("rubrics:\n  evidence: Preuves\n", ""),
                           ("navigation:\n  home: Accueil\n", "Accueil")):
        root = write_files(tmp_path / home.lower(),
                           {**files, "overrides/messages/fr.yml": messages})
        translate(root, "fr")
        with (root / "translations" / "fr.po").open("rb") as fd:
            found = {str(m.context): str(m.string) for m in read_po(fd) if m.id}
        assert found["mkdocs.yml nav[index.md]"] == home


def test_a_language_not_translated_yet_is_one_warning(tmp_path: Path) -> None:
    result = rubric_guide_here("check", cwd=guide(tmp_path))
    assert result.stderr.splitlines() == [
        "Warning: 1 thing to finish in the guide's content:",
        "translations/es.po: warning: no translation into 'es' yet, so /es/ shows the guide "
        "in 'en'; run `rubric-guide translate es` to write translations/es.po, then translate "
        "it",
    ]


def entries_text(root: Path) -> list[str]:
    return [english for english, _ in entries(root).values()]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda po: po.replace('msgstr ""\n\n#:', 'msgstrx ""\n\n#:', 1),
     "translations/es.po:{line}:1: unknown or misformatted keyword: 'msgstrx \"\"'; a PO "
     "entry is msgctxt, msgid and msgstr, each a quoted string (a PO editor such as Poedit "
     "writes them)"),
    (lambda po: po.replace('msgstr ""\n\n#:', 'msgstr "Reunir\n\n#:', 1),
     "translations/es.po:{line}:1: the text on this line does not end with a closing double "
     "quote: 'msgstr \"Reunir'; end it with \" (write \\\" for a quote inside the text)"),
    (lambda po: po + ('\nmsgctxt "content/index.md #begin[1]"\nmsgid ""\n"Meet "\n'
                      '"weekly."\nmsgstr "Otra vez."\n'),
     "translations/es.po:{line}:1: this text is in the file twice (also at line "),
    (lambda po: po.replace('msgstr ""\n\n#:', 'msgstr "Ini"cial"\n\n#:', 1),
     "translations/es.po:{line}:1: the text on this line holds a double quote inside it: "
     "'msgstr \"Ini\"cial\"'; write a quote inside the text as \\\""),
    (lambda po: po.replace('msgstr ""\n\n#:', 'msgstr "Reunir"\nmsgstr "Otra"\n\n#:', 1),
     "translations/es.po:{line}:1: this entry has msgstr twice (also at line "),
    (lambda po: po.replace('msgstr ""\n\n#:', 'msgstr "Reu" "nir"\n\n#:', 1),
     "translations/es.po:{line}:1: this line holds several quoted texts: 'msgstr \"Reu\" "
     "\"nir\"'; put each on a line of its own, as PO editors write them"),
    (lambda po: po.replace("Language: es", "Language: fr"),
     "translations/es.po:{line}:1: Language: the header says the language is 'fr', and the "
     "file is the translation into 'es'; set \"Language: es\\n\" in the header (Poedit: "
     "Translation > Properties)"),
])
def test_a_broken_po_file_is_an_error_at_its_line(tmp_path: Path, edit, message) -> None:
    root = guide(tmp_path)
    translate(root)
    po = root / "translations" / "es.po"
    text = edit(po.read_text(encoding="utf-8"))
    po.write_text(text, encoding="utf-8")
    result = rubric_guide_here("check", cwd=root)
    assert result.returncode == 1
    problem = result.stderr.splitlines()[1]
    expected = message.split("{line}")
    assert problem.startswith(expected[0]) and expected[1] in problem, problem
    line = int(problem.split(":")[1])
    assert text.split("\n")[line - 1].startswith(
        ("msgstrx", '"Language', 'msgstr "Reu', 'msgctxt "content/index.md #begin[1]"',
         'msgstr "Ini', 'msgstr "Otra'))
    if "in the file twice" in problem:  # the second entry named, the first the one it repeats
        first = text.split("\n").index('msgctxt "content/index.md #begin[1]"') + 1
        assert line > first and f"also at line {first})" in problem


def po_line(root: Path, english: str) -> int:
    """The line of ``english``'s msgid in the Spanish PO file."""
    lines = (root / "translations" / "es.po").read_text(encoding="utf-8").split("\n")
    return lines.index(f"msgid {json.dumps(english, ensure_ascii=False)}") + 1


@pytest.mark.parametrize(("english", "spanish", "brings"), [
    ("Meet weekly.", "Reunirse <iframe src=https://evil.example></iframe> cada semana.",
     "the markup '<iframe src=https://evil.example>'"),
    ("Meet weekly.", "[Reunirse](javascript:alert(7)) cada semana.",
     "the link 'javascript:alert(7'"),
    ("Meet weekly.", "[Reunirse](&#106;avascript:alert(7)) cada semana.",
     "the link '&#106;avascript:alert(7'"),
    ("How to begin", "Cómo <script>alert(3)</script>", "the markup '<script>'"),
    ("How to begin", "Cómo {: onmouseover=alert(1) ",
     "the attribute list '{: onmouseover=alert(1) '"),
    ("Meet weekly.", 'Reunirse.\n{: onclick="alert(1)" }', "a line break"),
    ("Share the agenda.", "[a]: javascript:alert(1)", "the link 'javascript:alert(1)'"),
    ("Teams matter [@doe-2020].", "Cal </title> [@doe-2020].", "the markup '</title>'"),
    ("How to begin", "Cómo <img/src/onerror=alert(1)//@x>",
     "the markup '<img/src/onerror=alert(1)//@x>'"),
    ("Meet weekly.", "Hola <!--><img src=x onerror=alert(1)>-->", "the markup '<!-->'"),
    ("Meet weekly.", 'Reunirse <ol start="1', "the markup '<ol start=\"1'"),
])
def test_a_translated_page_brings_in_no_markup_its_text_lacks(
        tmp_path: Path, english: str, spanish: str, brings: str) -> None:
    # A page's HTML is published as written: the English is reviewed as code, a translation
    # comes from a PO editor or a translation service.
    root = guide(tmp_path)
    translate(root)
    fill(root, {english: spanish})
    result = rubric_guide_here("check", cwd=root)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"translations/es.po:{po_line(root, english)}:1: the translation of {english!r} "
        f"brings in {brings}, which its text in content/index.md does not have; a "
        "translation of a page may use Markdown's formatting, links that are http(s), mailto "
        "or relative, and the HTML of the text it translates as it is written there: write it "
        "without, or ask the guide's editors to add it to content/index.md"]


def test_a_translated_page_may_format_link_and_keep_its_texts_html(tmp_path: Path) -> None:
    root = guide(tmp_path)
    index = root / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "- Share the agenda.", '- Share the <abbr title="agenda">agenda</abbr>.'),
        encoding="utf-8")
    translate(root)
    fill(root, {
        "Meet weekly.": "**Reunirse** cada [semana](https://example.es/semana), `<b>`.",
        'Share the <abbr title="agenda">agenda</abbr>.':
            'Compartir el <abbr title="agenda">orden</abbr> ([más](../teams.md)).',
    })
    result = rubric_guide_here("check", cwd=root)
    assert result.returncode == 0, result.stderr
    # The English's element with a value of the translator's own is one the English lacks.
    po = root / "translations" / "es.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        '<abbr title=\\"agenda\\">orden', '<abbr title=\\"orden\\" onclick=\\"x\\">orden'),
        encoding="utf-8")
    assert "the markup '<abbr title=\"orden\" onclick=\"x\">'" in rubric_guide_here(
        "check", cwd=root).stderr


def test_a_translated_navigation_title_may_not_end_the_pages_title(
        tmp_path: Path, warm_python: WarmPython) -> None:
    root = write_files(tmp_path, {**MINIMAL_GUIDE, **NAVIGATED})
    translate(root)
    fill(root, {"Calibration calendar": "Cal </title><script>alert(9)</script>"})
    result = rubric_guide("build", cwd=root, python=warm_python)
    assert result.returncode == 1
    assert (f"translations/es.po:{po_line(root, 'Calibration calendar')}:1: a page title may "
            "not contain '</title': the theme writes the title into the page's <title> "
            "element, which that would end; write the title without it"
            ) in " ".join(result.stderr.split())
    assert not (root / "site").exists()


def test_a_po_file_in_another_charset_its_header_names_is_read(tmp_path: Path) -> None:
    root = guide(tmp_path)
    translate(root)
    fill(root, {"Meet weekly.": "Reunirse cada año."})
    po = root / "translations" / "es.po"
    po.write_bytes(po.read_text(encoding="utf-8").replace(
        "charset=utf-8", "charset=ISO-8859-1").encode("latin-1"))
    assert rubric_guide_here("check", cwd=root).returncode == 0
    assert entries(root)["content/index.md #begin[1]"] == ("Meet weekly.", "Reunirse cada año.")


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory, warm_python: WarmPython) -> Path:
    """A small guide translated in part into Spanish, built with MkDocs."""
    root = guide(tmp_path_factory.mktemp("bilingual"))
    translate(root)
    fill(root, TRANSLATED)
    result = rubric_guide("build", cwd=root, python=warm_python)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_the_translation_is_published_at_its_language(bilingual: Path) -> None:
    page = (bilingual / "es" / "rubrics" / "teamwork" / "index.html").read_text(
        encoding="utf-8")
    assert '<html lang="es"' in page
    assert "<dd>Las reuniones son periódicas.</dd>" in page
    assert '<dd><span lang="en">Meetings drive decisions.</span></dd>' in page
    assert "Reuniones y órdenes del día" in page
    assert "En desarrollo" in page  # the scale's level, which the rubric refers to
    # The switcher links to this page in each language.
    assert ('<a href="../../../rubrics/teamwork/" hreflang="en" lang="en" '
            'class="md-select__link">') in page
    english = (bilingual / "rubrics" / "teamwork" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "Meetings are regular." in english
    assert '<a href="../../es/rubrics/teamwork/" hreflang="es" lang="es"' in english
    home = (bilingual / "es" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="begin">Cómo empezar' in home
    assert '<li><span lang="en">Share the agenda.</span></li>' in home


SITE_WORDS = """\
site_name: Lakeside Guide
footer: Adapted for Lakeside schools.
organization: Lakeside <Unified> & Co
contact: {name: Office of Learning, email: learning@lakeside.example}
translations: [es]
"""


def test_the_sites_own_words_are_translated_with_its_content(tmp_path: Path,
                                                              warm_python: WarmPython) -> None:
    # The name in the header and <title>, the footer, who publishes it and whom to write to
    # are the district's words on every page: a Spanish page shows them in Spanish.
    root = write_files(tmp_path, {**MINIMAL_GUIDE, "mkdocs.yml": NO_PDF,
                                  "district.yml": SITE_WORDS})
    translate(root)
    found = entries(root)
    assert found["district.yml site_name"] == ("Lakeside Guide", "")
    assert found["district.yml contact.name"] == ("Office of Learning", "")
    assert '#: district.yml:2\nmsgctxt "district.yml footer"\n' in (
        root / "translations/es.po").read_text(encoding="utf-8")
    fill(root, {"Lakeside Guide": "Guía de Lakeside",
                "Office of Learning": "Oficina de Aprendizaje"})
    result = rubric_guide("build", cwd=root, python=warm_python)
    assert result.returncode == 0, result.stderr
    spanish = (root / "site/es/rubrics/teamwork/index.html").read_text(encoding="utf-8")
    assert "<title>Teamwork - Guía de Lakeside</title>" in spanish
    assert "Oficina de Aprendizaje" in spanish
    # Words left untranslated stay as the district wrote them, marked with their language.
    assert ('Publicada por <span lang="en">Lakeside &lt;Unified&gt; &amp; Co</span>'
            in spanish)
    assert 'rg-footer" lang="en">Adapted for Lakeside schools.</div>' in spanish
    english = (root / "site/rubrics/teamwork/index.html").read_text(encoding="utf-8")
    assert "<title>Teamwork - Lakeside Guide</title>" in english and "Guía" not in english
    assert "Published by Lakeside &lt;Unified&gt; &amp; Co</div>" in english
    # A translated name is checked as the name is: the theme writes it as HTML.
    po = root / "translations/es.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Guía de Lakeside"', 'msgstr "Guía <b>Lakeside</b>"'), encoding="utf-8")
    refused = rubric_guide("check", cwd=root, python=warm_python)
    assert refused.returncode == 1
    assert re.search(r"translations/es\.po:\d+:1: the site name may not contain <, > or \"",
                     refused.stdout + refused.stderr), refused.stdout + refused.stderr


def test_a_second_build_reuses_every_languages_pdfs(bilingual: Path,
                                                    warm_python: WarmPython) -> None:
    # Each language keeps its PDFs in the cache: the Spanish build does not remove the
    # English PDFs, nor the next English build the Spanish ones.
    again = rubric_guide("build", "-d", "site-again", cwd=bilingual.parent, python=warm_python)
    assert again.returncode == 0, again.stderr
    found = re.findall(r"PDF sheets: (\d+) rendered, (\d+) reused from cache", again.stderr)
    assert len(found) == 2 and all(rendered == "0" and int(reused) > 0
                                   for rendered, reused in found), again.stderr


def test_the_translation_has_its_own_search_pdfs_and_exports(bilingual: Path) -> None:
    index = json.loads((bilingual / "es" / "search" / "search_index.json").read_text(
        encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]
    assert any("Las reuniones son periódicas." in doc["text"] for doc in index["docs"])
    english = (bilingual / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "periódicas" not in english
    exported = json.loads((bilingual / "es" / "rubrics" / "teamwork" / "teamwork.json")
                          .read_text(encoding="utf-8"))
    assert "Las reuniones son periódicas." in json.dumps(exported, ensure_ascii=False)
    assert (bilingual / "es" / "rubrics" / "teamwork" / "teamwork.pdf").read_bytes()[:5] == (
        b"%PDF-")


def test_the_translation_has_its_own_book(bilingual: Path) -> None:
    book = bilingual / "es" / BOOK_PDF
    reader = PdfReader(book)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert [item.title for item in reader.outline if not isinstance(item, list)][:1] == [
        "Contenido"]
    with pdfplumber.open(book) as document:
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in document.pages))
    assert "Las reuniones son periódicas." in text
    assert "Meetings are regular." not in text
    # The text not translated yet is tagged English, inside the Spanish book.
    assert ("Span", "en") in structure_languages(book)
    english = PdfReader(bilingual / BOOK_PDF)
    assert english.trailer["/Root"]["/Lang"] == "en"


def test_no_translation_leaves_the_site_as_it_was(tmp_path: Path, bilingual: Path,
                                                  warm_python: WarmPython) -> None:
    root = guide(tmp_path, "site_name: Test guide\n")
    (root / "mkdocs.yml").write_text(NO_PDF, encoding="utf-8")
    shutil.rmtree(root / "translations", ignore_errors=True)
    result = rubric_guide("build", cwd=root, python=warm_python)
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "es").exists()
    assert "md-select__link" not in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_zensical_publishes_the_translation_too(tmp_path: Path, warm_python: WarmPython) -> None:
    root = guide(tmp_path)
    translate(root)
    fill(root, TRANSLATED)
    result = rubric_guide("build", "--engine", "zensical", cwd=root, python=warm_python)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    page = (site / "es" / "rubrics" / "teamwork" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in page and "Las reuniones son periódicas." in page
    assert '<span lang="en">Meetings drive decisions.</span>' in page
    assert '<a href="../../../rubrics/teamwork/" hreflang="en"' in page
    assert "periódicas" in (site / "es" / "search.json").read_text(encoding="utf-8")
    assert "periódicas" not in (site / "search.json").read_text(encoding="utf-8")
    assert (site / "es" / "rubrics" / "teamwork" / "teamwork.pdf").is_file()
