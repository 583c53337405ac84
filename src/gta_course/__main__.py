"""Allow `python -m gta_course`, which works even where the console script is not on PATH."""

from gta_course.cli import main

main()
