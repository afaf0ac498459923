"""Question generators, one module per topic; ``registry`` lists them."""
