"""The library on disk: opening, migrations, backups, repositories and search."""
