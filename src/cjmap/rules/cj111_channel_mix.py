"""The journey mixes online and offline touchpoints.

Most customers move between channels: they read about a product online and
buy it in a store, or see an ad and call. A journey whose touchpoints are
all online (or all offline) usually forgets part of what customers really
do. The mode of a touchpoint is its `mode`, or else the default of its
channel: `phone`, `store`, `event`, `mail` and `partner` are offline, the
others online. A journey that defines no touchpoints is not checked here
(CJ102 reports the stages without touchpoints).

The finding points at the `stages` key.

Passing:

```yaml
touchpoints:
  - {id: website, name: Public website, channel: web}
  - {id: branch, name: Branch office, channel: store}
```

Failing:

```yaml
touchpoints:
  - {id: website, name: Public website, channel: web}
  - {id: newsletter, name: Newsletter, channel: email}
```
"""

from collections.abc import Iterator

from cjmap import navigate
from cjmap.rules import Context, Issue

CODE = "CJ111"
NAME = "channel-mix"
SEVERITY = "info"
SUMMARY = "all touchpoints are online, or all offline"

_EXAMPLES = {
    "online": "a store, a phone line, an event, mail or a partner",
    "offline": "the website, an app, email, social networks or search",
}


def check(context: Context) -> Iterator[Issue]:
    touchpoints = [tp for _, tp in navigate.touchpoint_definitions(context.journey)]
    modes = {tp.effective_mode for tp in touchpoints}
    if len(modes) != 1:
        return
    (mode,) = modes
    other = "offline" if mode == "online" else "online"
    if len(touchpoints) == 1:
        subject = f"the journey's only touchpoint, '{touchpoints[0].id}', is {mode}"
    elif len(touchpoints) == 2:
        subject = f"both touchpoints of the journey are {mode}"
    else:
        subject = f"all {len(touchpoints)} touchpoints of the journey are {mode}"
    yield Issue(
        f"{subject}; it has no {other} touchpoint",
        ("stages",),
        at_key=True,
        hint=f"check whether customers also use {other} touchpoints ({_EXAMPLES[mode]}) "
        f"and add them; set `mode: {other}` where a channel's default mode is wrong",
    )
