"""The exercise app over HTTP: library, plans, sessions, adherence. Views stay thin."""
