"""How the customer's lists of rows (table.card-rows: 残高照会, 入出金明細, 振込・振替履歴,
ログイン履歴, 振込・振替先一覧) are laid out, measured in the page itself: on a phone every row a
card of 「見出し　値」 lines, on a PC a table, and on both every value whole on the screen."""

import re

# Every cell of the table's body, as the customer sees it: its box, whether its text fits its
# box and every scrolling or clipping box around it, how many lines its text takes, and the
# heading shown beside it (the ::before's data-label) next to the column's <th>.
_CELLS = """
const table = document.querySelector(arguments[0]);
const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
const width = window.innerWidth;
return [...table.querySelectorAll('tbody tr')].flatMap((row, rowIndex) => [...row.children].map((cell, column) => {
  const style = getComputedStyle(cell);
  const box = cell.getBoundingClientRect();
  const text = cell.textContent.trim();
  let clippedBy = null;
  for (let up = cell.parentElement; up && up !== document.documentElement; up = up.parentElement) {
    const overflow = getComputedStyle(up).overflowX;
    const outer = up.getBoundingClientRect();
    if (overflow !== 'visible' && (box.right > outer.right + 0.5 || box.left < outer.left - 0.5)) { clippedBy = up.tagName + '.' + up.className; break; }
  }
  // Lines: the tops of the text's own boxes (not of the elements around it), a few px apart at most on one line.
  const tops = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    tops.push(...[...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top));
  }
  tops.sort((a, b) => a - b);
  const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 4).length;
  const label = getComputedStyle(cell, '::before').content;
  return {row: rowIndex, heading: headings[column] || '', text, shown: style.display !== 'none' && box.width > 0,
          left: box.left, right: box.right, width, overflows: cell.scrollWidth > cell.clientWidth + 1, clippedBy,
          lines: Math.max(lines, 1), label: label === 'none' || label === 'normal' ? '' : JSON.parse(label),
          textAlign: style.textAlign, display: style.display};
}));
"""


def cells(site, css):
    return site.browser.execute_script(_CELLS, css)


def assert_no_sideways_scroll(site):
    width, scroll = site.browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth];")
    assert scroll <= width, f"{site.path}: the page is {scroll} px wide on a {width} px screen"


def assert_cells_whole(site, css, must_show=()):
    """Every value with text is on the screen, whole: not cut off by the screen, its cell or a
    scrolling box, and not squeezed (broken inside a word). `must_show`: headings whose
    values must be among them (金額, 状況, ...). Returns the cells."""
    found = cells(site, css)
    assert found, f"no rows in {css}"
    for cell in found:
        if not cell["text"]:
            continue
        where = f"{css} row {cell['row']} {cell['heading']!r} = {cell['text']!r}"
        assert cell["shown"], f"{where} is not shown"
        assert cell["left"] >= -0.5 and cell["right"] <= cell["width"] + 0.5, f"{where} is off the screen: {cell}"
        assert not cell["overflows"], f"{where} is wider than its cell"
        assert cell["clippedBy"] is None, f"{where} is cut off by {cell['clippedBy']}"
        # Wrapped at its spaces or before a （ at most (協栄信用組合 吉田支店 / ｻｶｴ ﾊﾅｺ, 予約中 /
        # （振込指定日), never inside a word (2026年12 / 月7日, ｻ / ｶｴ).
        words = len(re.sub(r"[（(]", " (", cell["text"]).split())
        assert cell["lines"] <= words, f"{where} is squeezed onto {cell['lines']} lines"
    for heading in must_show:
        assert any(cell["heading"] == heading and cell["text"] for cell in found), f"no {heading!r} shown in {css}"
    return found


def assert_cards(site, css, must_show=()):
    """A phone: no sideways scroll, each row a card whose values carry their column's heading
    (the catalog's, as the <th> has it), amounts right-aligned."""
    assert_no_sideways_scroll(site)
    found = assert_cells_whole(site, css, must_show)
    assert site.browser.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0] + ' thead')).clipPath;", css) != "none", \
        "on a phone the heading row is for screen readers only"
    for cell in found:
        if cell["heading"] and cell["text"]:
            assert cell["label"] == cell["heading"], f"{css}: {cell['text']!r} is labelled {cell['label']!r}, not {cell['heading']!r}"
            assert cell["display"] != "table-cell", f"{css} is still a table on a phone"
    amounts = [cell for cell in found if cell["text"].endswith("円")]
    assert all(cell["textAlign"] == "right" for cell in amounts), "amounts are right-aligned"
    return found


def assert_table(site, css, must_show=()):
    """A PC: a real table with its heading row, every value whole."""
    assert_no_sideways_scroll(site)
    found = assert_cells_whole(site, css, must_show)
    assert all(cell["display"] == "table-cell" and not cell["label"] for cell in found if cell["shown"]), \
        f"{css} is a table on a wide screen"
    assert site.find(f"{css} thead").is_displayed()
    return found


def header_texts(site, css):
    """The column headings, read from the page (on a phone they are there for screen readers
    only, so Selenium's visible text would be empty)."""
    return [cell.get_attribute("textContent").strip() for cell in site.find_all(f"{css} thead th")]
