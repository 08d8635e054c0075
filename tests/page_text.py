"""What a page must not show: raw label keys and, on a non-English page, English labels left untranslated.
Pure functions of the page's text, used by the browser tests (and tested without a browser)."""

import re
from functools import cache

import yaml

from dashboard import lang as L
from indicators.catalog import catalogue

# Text nodes and label attributes of the page, without those inside an element whose lang differs from the
# page's (quoted originals are marked, e.g. the data stewards' English source notes).
PAGE_TEXT = """() => {
  const page = document.documentElement.lang;
  const foreign = (el) => { const marked = el && el.closest('[lang]'); return marked && marked.lang !== page; };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || foreign(parent)) continue;
    if (node.textContent.trim()) texts.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [data-title], [alt]')) {
    if (foreign(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'data-title', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) texts.push(value.trim());
    }
  }
  return texts;
}"""


def leaves(tree: dict, prefix: str = "") -> dict[str, str]:
    return {k: v for key, value in tree.items()
            for k, v in (leaves(value, f"{prefix}{key}.").items() if isinstance(value, dict)
                         else [(prefix + key, str(value))])}


@cache
def english_labels() -> dict[str, str]:
    return leaves(yaml.safe_load((L.I18N / "en.yaml").read_text(encoding="utf-8")))


@cache
def raw_key() -> re.Pattern:
    """`measure.ma12`, `option.none`...: a dotted key of the label files, shown instead of its label."""
    sections = sorted({key.split(".")[0] for key in english_labels() if "." in key}, key=len, reverse=True)
    files = "(?!(?:csv|tsv|json|yaml|md|py|xlsx|parquet)\\b)"  # programmes.csv is a file name, not a key
    return re.compile(rf"(?<![\w/.-])(?:{'|'.join(map(re.escape, sections))})\.{files}[A-Za-z_][\w-]*(?:\.[\w-]+)*")


def fragments(text: str) -> list[str]:
    """The literal parts of a label around its {placeholders}, those long enough to be telling."""
    return [part.strip(" .,:;()") for part in re.split(r"\{\w+\}", text)
            if len(re.sub(r"[^A-Za-z]", "", part)) >= 4]


@cache
def english_texts(lang: str) -> tuple[tuple[str, re.Pattern], ...]:
    """English labels whose `lang` label differs (the dashboard's, among them the sources connectors write, the
    catalogue's indicator names and sources, Dash's own dropdown texts), as patterns:
    a label of several words anywhere in a text, a one-word label as a whole text
    (a lone "Value" header; not "Indicators" inside the publisher's name "World Development Indicators")."""
    texts = set()
    for key, english in english_labels().items():
        if L.t(key, lang) != english:
            texts.update(fragments(english))
    texts.update(item["name"]["en"] for item in catalogue()
                 if item["name"].get(lang) and item["name"][lang] != item["name"]["en"])
    # sources as the catalogue writes them, in English: shown quoted (marked lang="en") or translated, never bare
    texts.update(part for item in catalogue() for part in re.split(r";\s*", item.get("source") or "")
                 if len(re.sub(r"[^A-Za-z]", "", part)) >= 4)
    texts.update({"Select...", "No options found"})
    patterns = [(text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)" if " " in text else rf"^{re.escape(text)}$",
                                  re.MULTILINE)) for text in sorted(texts)]
    return (*patterns, ("N selected", re.compile(r"\d+ selected")))


def raw_keys(texts: list[str]) -> list[str]:
    return sorted({match for text in texts for match in raw_key().findall(text)})


def untranslated(texts: list[str], lang: str) -> list[str]:
    """English labels found in the texts of a page in `lang` (none for English pages)."""
    if L.normalize(lang) == "en":
        return []
    own = "\n".join(L.t(key, lang) for key in english_labels())  # a word the language shares is no leak
    joined = "\n".join(texts)
    return sorted(text for text, pattern in english_texts(lang) if pattern.search(joined) and not pattern.search(own))
