"""End-to-end tests: the real `driehoek` program in a terminal (tmux), as a user runs it."""
