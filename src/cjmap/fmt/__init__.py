"""`cjmap fmt`: rewrite journeys in one canonical style, keeping every comment.

`tree` reads the YAML into nodes that remember their style and the comments
around them, `order` knows the key order of FORMAT.md, `scalars` writes one
value with as little quoting as is safe, `emit` writes the nodes back, and
`format` checks that the result means exactly what the file meant.
"""
