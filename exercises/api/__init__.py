"""The exercise app over HTTP: library, plans, sessions, adherence, goals. Views stay thin."""
