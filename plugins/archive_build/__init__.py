"""Building the site: a fresh output folder, problems reported, swapped in on success.

Not a Pelican plugin: the library that `tasks.py`, the tests and the benchmark
call to run Pelican.
"""
