"""The benchmark: a synthetic archive built by this project and by stock Pelican."""
