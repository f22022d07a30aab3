"""`cjmap diff`: what changed between two versions of journeys, in plain words.

The journeys are compared as models, not as text, so that a reviewer reads
"need added" or "emotion score fell" instead of YAML lines. The pieces:
`sources` and `gitsource` find the two versions of each journey or catalog,
`journeys` loads and compares one pair of journeys and `catalog` one pair of
catalogs (with the journeys that use each changed entry), `compare` lists the
changes between two journeys or two catalogs, and `text`, `markdown` and
`jsonout` write the result.
"""
