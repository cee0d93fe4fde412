"""Accessibility checks for the browser tests: axe-core (from npm, injected from node_modules, never a CDN)
and what axe cannot see.

`check(page)` runs every axe rule on the page as it is now and returns the violations of any impact, each
as one readable line. `unlabelled_controls(page)` lists checkboxes and radios that are not followed by
their own label: DKFDS draws the box with the label's ::before, so a label placed before its input leaves
an invisible control that axe still counts as labelled.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """
async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").join(" ")),
  }));
}
"""

CONTROLS_WITHOUT_FOLLOWING_LABEL = """
() => Array.from(document.querySelectorAll('input[type="checkbox"], input[type="radio"]'))
  // A control wrapped in its label (the Django admin's own markup) shows its box itself; DKFDS's do not.
  .filter(input => !input.closest("label"))
  .filter(input => {
    const next = input.nextElementSibling;
    return !(next && next.tagName === "LABEL" && next.htmlFor === input.id);
  })
  .map(input => `${input.name || input.id}`)
"""


def _axe_source() -> str:
    global _SOURCE
    if _SOURCE is None:
        _SOURCE = AXE.read_text(encoding="utf-8") + "\n;true"
    return _SOURCE


_SOURCE = None


def check(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern;
        # a <script> tag would be refused, as it should be.
        page.evaluate(_axe_source())
    found = page.evaluate(RUN_AXE)
    return [f"{page.url} [{v['impact']}] {v['id']}: {v['help']} -> {' | '.join(v['nodes'])}" for v in found]


def unlabelled_controls(page) -> list[str]:
    return [f"{page.url}: {name}" for name in page.evaluate(CONTROLS_WITHOUT_FOLLOWING_LABEL)]
