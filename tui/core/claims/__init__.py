"""What a brief's claims say together: their relations both ways, their tables, their map."""
