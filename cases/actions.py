"""Which steps the case page offers: a step is offered only when it can succeed.

The case's state machine says which transitions the state and the user's role allow. A process app may
know more: a granted case cannot record its treatment start before the granted period begins, and a start
is never in the future. Such an app registers a check here (in its AppConfig.ready) that says why a step
cannot be done today; the case page then shows that reason instead of a button that would only fail. The
core never imports the process apps (STYLE.md: dependencies point down), the apps subscribe.
"""

from collections.abc import Callable
from datetime import date

# transition name -> check(case, today) returning why the step cannot be done today, or None
_CHECKS: dict[str, Callable[..., str | None]] = {}


def register_availability(name: str, check: Callable[..., str | None]) -> None:
    _CHECKS[name] = check


def not_yet_reason(case, name: str, today: date) -> str | None:
    """Why `name` cannot be done on the case today although its state allows it, or None."""
    check = _CHECKS.get(name)
    return check(case, today) if check else None
