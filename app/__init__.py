"""The program: command line, paths, and the wiring of storage and export into the window."""
