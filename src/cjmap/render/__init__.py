"""Pictures of a journey: pure functions from a journey to DOT or Mermaid
text (one module per view), and one module that runs a Graphviz engine."""
