"""The only place that talks SQL on the laptop: SQLite store, migrations, blobs (photos)."""
