"""The reader's screens: brief, detail, library, help, and the command palette's jump provider."""
