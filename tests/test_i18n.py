"""Every word the generator writes comes from the message catalogue, in the guide's language."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import markdown
import material
import pytest
import yaml

from generator.i18n import MESSAGES_DIR, flatten, load_messages, placeholders, shipped_languages
from generator.reference import model_docs
from generator.render import TEMPLATES_DIR

from .helpers import MINIMAL_GUIDE, MKDOCS_YML, ROOT, cli, copy_project, mkdocs_build, with_options

LANGUAGES = Path(material.__path__[0]) / "templates/partials/languages"

ENGLISH = load_messages("en").catalogue


def catalogue(language: str) -> dict[str, object]:
    return flatten(yaml.safe_load((MESSAGES_DIR / f"{language}.yml").read_text("utf-8")))


@pytest.mark.parametrize("language", [lang for lang in shipped_languages() if lang != "en"])
def test_translations_have_every_key_and_the_same_placeholders(language):
    translated = catalogue(language)
    assert sorted(translated) == sorted(ENGLISH)
    for key, message in translated.items():
        assert placeholders(message) == placeholders(ENGLISH[key]), key  # type: ignore[arg-type]
        assert isinstance(message, list) == isinstance(ENGLISH[key], list), key


@pytest.mark.parametrize("language", [lang for lang in shipped_languages() if lang != "en"])
def test_translations_cover_the_format_reference(language):
    """The YAML format reference is generated from the model's docstrings; a shipped language
    translates every one of them (generator/messages/model/<language>.yml)."""
    translated = load_messages(language).model_docs
    english = model_docs()
    assert sorted(translated) == sorted(english)
    for key, text in translated.items():
        code = re.compile(r"`[^`]*`")
        assert sorted(code.findall(text)) == sorted(code.findall(english[key])), key


# Attributes whose values people read or hear.
HUMAN_ATTRIBUTES = re.compile(
    r'\b(aria-label|title|alt|placeholder|data-filled|data-nothing)="([^"]*)"')


def words_outside_jinja(template: str) -> list[str]:
    """Words a template writes itself, rather than through ``t()`` or from content."""
    # A comment goes with the line end after it, as the renderer's trim_blocks takes it.
    text = re.sub(r"{#.*?#}\n?", "", template, flags=re.S)
    found = [value for _, value in HUMAN_ATTRIBUTES.findall(text) if "{{" not in value
             and re.search(r"[A-Za-z]{2}", value)]
    # Front matter keys (title, hide, search…) are MkDocs' settings, not words for readers.
    text = re.sub(r"\A---\n.*?\n---\n", lambda m: re.sub(r"^title: .*$", "", m.group(0),
                                                          flags=re.M).replace("title:", ""),
                  text, flags=re.S)
    front = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    if front:
        text = text[front.end():]
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"{ [#.][^}]*}", " ", text)  # Markdown attribute lists: ids and classes
    text = re.sub(r"\]\([^)]*\)", "]", text)  # Markdown link targets
    text = re.sub(r"^```\w*$", "", text, flags=re.M)  # code fences and their language
    return found + re.findall(r"[A-Za-z]{2,}", text)


TEMPLATES = sorted(p.relative_to(ROOT).as_posix() for folder in (TEMPLATES_DIR, ROOT / "overrides")
                   for p in folder.rglob("*.j2"))


@pytest.mark.parametrize("template", TEMPLATES)
def test_templates_write_no_words_of_their_own(template):
    text = (ROOT / template).read_text("utf-8")
    if template.endswith(".yml.j2"):  # a part of a page's front matter
        text = f"---\n{text}\n---\n"
    assert words_outside_jinja(text) == []


def test_the_lint_sees_a_word_written_in_a_template():
    assert words_outside_jinja('<p>Evidence {{ x }}</p><a title="Open">') == [
        "Open", "Evidence"]


def test_an_unknown_language_says_how_to_add_it(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML.replace(
        "theme: {name: material, font: false}", "theme: {name: material, language: fr}")})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "mkdocs.yml:3:35: theme.language: the guide has no messages in 'fr' (it ships en, es); "
        "copy generator/messages/en.yml to overrides/messages/fr.yml and translate it, or "
        "choose one of those",
    ]


def test_a_language_the_theme_does_not_know_is_refused_before_the_build(runner, write_tree,
                                                                        warm_python, tmp_path):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": MKDOCS_YML.replace(
        "theme: {name: material, font: false}", "theme: {name: material, language: xx}"),
        "overrides/messages/xx.yml": "rubrics:\n  evidence: Xx\n"})
    expected = [
        "mkdocs.yml:3:35: theme.language: Material for MkDocs has no interface in 'xx'; it "
        "has: " + ", ".join(sorted(p.stem for p in LANGUAGES.glob("*.html"))),
    ]
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == expected
    built = mkdocs_build(root, tmp_path / "site", python=warm_python)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert expected[0] in built.stderr
    assert not (tmp_path / "site").exists()


def test_a_fork_can_add_a_language_in_overrides(tmp_path):
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "fr.yml").write_text("rubrics:\n  evidence: Preuves\n", "utf-8")
    messages = load_messages("fr", tmp_path)
    assert messages("rubrics.evidence") == "Preuves"
    assert messages("rubrics.criteria") == "Criteria"  # not yet translated: English


def test_changed_messages_keep_their_placeholders(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE, "mkdocs.yml": with_options("""\
messages:
  sheet.page: Page {page}
  rubrics.evidense: x
""")})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "mkdocs.yml:8:9: plugins[1].rubric-guide.messages.sheet.page: message 'sheet.page' must "
        "use the placeholders {page}, {pages}",
        "mkdocs.yml:9:9: plugins[1].rubric-guide.messages.rubrics.evidense: unknown message "
        "'rubrics.evidense'; did you mean 'rubrics.evidence'?",
    ]


def test_a_message_of_the_wrong_type_is_one_problem_in_words(runner, write_tree):
    # A message is text, or a list of texts for the messages that are lists: a value that is
    # neither is one problem, not one for each of pydantic's union members.
    root = write_tree({**MINIMAL_GUIDE, "district.yml": (
        "messages:\n  not_found.title: 42\n  new_rubric.comment: [1, 2]\n")})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: found 2 problems in the guide's content:",
        "district.yml:2:20: messages.not_found.title: expected text or a list of texts, found "
        "the number 42; YAML reads yes/no/on/off and numbers as values: put the text in quotes",
        "district.yml:3:23: messages.new_rubric.comment: expected text or a list of texts, "
        "found a list holding the number 1",
    ]


def test_a_fork_catalogue_mistake_points_at_its_line(runner, write_tree):
    root = write_tree({**MINIMAL_GUIDE,
                       "overrides/messages/en.yml": "rubrics:\n  evidense: Proof\n"})
    result = runner.invoke(cli, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "overrides/messages/en.yml:2:3: rubrics.evidense: unknown message 'rubrics.evidense'; "
        "did you mean 'rubrics.evidence'?",
    ]


# -- a Spanish build of the whole guide ---------------------------------------------------------


def content_strings() -> list[str]:
    """Every text the guide's own content supplies, longest first."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in [*ROOT.glob("content/**/*.yml"), *ROOT.glob("rubrics/*.yml")]:
        walk(yaml.safe_load(path.read_text("utf-8")))
    for path in ROOT.glob("content/**/*.md"):
        page = markdown.markdown(path.read_text("utf-8"), extensions=["attr_list", "tables"])
        texts += html.unescape(re.sub(r"<[^>]+>", "\n", page)).splitlines()
    mkdocs_yml = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = yaml.safe_load(re.sub(r"!ENV (\[[^\]]*\]|\S+)", "''", mkdocs_yml))
    # The navigation's titles in mkdocs.yml are the guide's interface (the `navigation`
    # messages), translated with it, so they are not content.
    texts += [config["site_name"], config["site_description"]]
    # Words of two or three letters ("to", "of") are in every sentence: taking them out as
    # content would hide the English around them.
    # Spaces as readable_text() leaves them: a code line's aligned comment is one text.
    texts = [re.sub(r"\s+", " ", t).strip() for t in texts]
    return sorted({t for t in texts if len(t) > 3}, key=len, reverse=True)


def readable_text(page: str) -> str:
    """What a reader sees or hears on a page: text, human attributes and the tools' strings."""
    tool_data = [json.loads(html.unescape(d)) for d in re.findall(r"data-rg-json='([^']*)'", page)]
    attributes = [html.unescape(v) for _, v in HUMAN_ATTRIBUTES.findall(page)]
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"data-rg-json='[^']*'", " ", page)  # its messages are checked above
    # Code is the YAML format itself (keys, shape names, examples), the same in every language;
    # the table of contents repeats the page's headings, which are checked where they stand.
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)
    page = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>\s*</div>', " ", page,
                  flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    messages = [m for d in tool_data for m in d["messages"].values()]
    text = " ".join([text, *attributes, *map(str, messages)])
    return re.sub(r"\s+", " ", re.sub(r"\{\w+\}", " ", text))


def english_fragments() -> dict[str, str]:
    """Pieces of English messages (between placeholders) that Spanish says differently."""
    spanish = flatten(load_messages("es").catalogue)
    fragments = {}
    for key, message in ENGLISH.items():
        # The CSV files' headings are not on any page; a test exports them below.
        if key.startswith(("language.", "script.csv.")) or message == spanish[key]:
            continue
        for text in message if isinstance(message, list) else [message]:
            for piece in re.split(r"\{\w+\}", text):
                piece = piece.strip(" .,:;()·—–-")  # noqa: RUF001 - dashes of the messages
                if re.search(r"[A-Za-z]{4}", piece):
                    fragments[piece] = key
    return fragments


def test_a_spanish_build_has_no_english_from_the_generator(warm_python, tmp_path):
    project = copy_project(tmp_path / "guide",
                           lambda text: text.replace("language: en", "language: es"))
    site = tmp_path / "site"
    result = mkdocs_build(project, site, python=warm_python)
    assert result.returncode == 0, result.stderr
    # One pattern for every content text, longest first (as content_strings() sorts them).
    contents = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, content_strings()))})(?!\w)")
    fragments = english_fragments()
    english = re.compile(rf"\b(?:{'|'.join(map(re.escape, fragments))})\b")
    left: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        text = contents.sub(" ", readable_text(page.read_text("utf-8")))
        if not english.search(text):
            continue
        found = [f"{fragment!r} ({key})" for fragment, key in fragments.items()
                 if re.search(rf"\b{re.escape(fragment)}\b", text)]
        if found:
            left[page.relative_to(site).as_posix()] = found
    assert left == {}, json.dumps(left, indent=1)
    rubric = (site / "rubrics/collaboration-structures/index.html").read_text("utf-8")
    assert 'lang="es"' in rubric
    assert "Nivel 1: Emerging" in rubric and "Imprimir hoja en blanco" in rubric
    csv_headings = {k.removeprefix("script."): v for k, v in flatten(
        load_messages("es").catalogue).items() if k.startswith("script.csv.")}
    data = json.loads(html.unescape(re.search(r"data-rg-json='([^']*)'", rubric)[1]))
    assert {k: v for k, v in data["messages"].items() if k.startswith("csv.")} == csv_headings
    assert csv_headings["csv.criterion"] == "criterio"
    search = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert search["config"]["lang"] == ["es"]
    sources = (site / "sources/index.html").read_text("utf-8")
    # The APA entries speak Spanish too: "sin fecha", and no "Retrieved" before addresses.
    assert "(s.\u00a0f.)" in sources and "n.d." not in sources and "Recuperado" not in sources
    # The page a web server shows for an unknown address, and the reference's type names.
    assert "<h1>404 - Página no encontrada</h1>" in (site / "404.html").read_text("utf-8")
    reference = (site / "reference/format/index.html").read_text("utf-8")
    assert "<td>uno de &#39;letter&#39;, &#39;a4&#39;</td>" in reference
    assert "<td>color</td>" in reference and "typing." not in reference
