"""A `# cjmap: disable=…` comment that silences nothing.

A suppression comment silences the codes it names on its own line, or on the
next line when the comment stands alone on its line; `disable-file` silences
them in the whole file. A comment that silences nothing is left over from a
fixed problem, or sits on the wrong line, or names a code that does not exist
or cannot be disabled (CJ001–CJ007 always count): remove it or move it.

The finding points at the `#` of the comment.

Passing:

```yaml
stages:
  - id: discover  # cjmap: disable=CJ101
    name: Discover the offer
```

Failing:

```yaml
stages:
  - id: discover
    name: Discover the offer  # cjmap: disable=CJ101
    needs: [Understand the price]
```
"""

from collections.abc import Iterator

from cjmap.codes import STRUCTURAL
from cjmap.rules import Context, Issue
from cjmap.suppressions import Suppression
from cjmap.suggest import did_you_mean

CODE = "CJ116"
NAME = "unused-suppression"
SEVERITY = "info"
SUMMARY = "a suppression comment silences nothing"


def check(context: Context) -> Iterator[Issue]:
    from cjmap.rules import RULES  # the registry imports this module first

    for suppression in context.suppressions:
        for code in suppression.codes:
            if code in suppression.used:
                continue
            where = (suppression.line, suppression.column)
            if code in STRUCTURAL:
                yield Issue(
                    f"`{suppression.text}` cannot silence {code}: structural problems "
                    "always count",
                    position=where,
                    hint=f"fix the {code} problem instead, and remove {code} from the comment",
                )
            elif code not in RULES:
                yield Issue(
                    f"`{suppression.text}` names `{code}`, which is not a cjmap code"
                    f"{did_you_mean(code, RULES)}",
                    position=where,
                    hint="`cjmap rules` lists every code",
                )
            else:
                yield Issue(
                    f"{code} in `{suppression.text}` silences nothing: there is no {code} "
                    f"finding {_scope(suppression)}",
                    position=where,
                    hint="remove the comment, or put it on the line the finding points at",
                )


def _scope(suppression: Suppression) -> str:
    if suppression.whole_file:
        return "in this file"
    return "on the next line" if suppression.alone else "on this line"
