"""`cjmap diff`: what changed between two versions of journeys, in plain words.

The journeys are compared as models, not as text, so that a reviewer reads
"need added" or "emotion score fell" instead of YAML lines. The pieces:
`sources` and `gitsource` find the two versions of each journey, `journeys`
loads and compares one pair, `compare` lists the changes between two
journeys, and `text`, `markdown` and `jsonout` write the result.
"""
