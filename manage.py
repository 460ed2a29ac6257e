#!/usr/bin/env python
"""Django's manage.py; the installed `khabar` command does the same."""

from khabar.cli import main

if __name__ == "__main__":
    main()
