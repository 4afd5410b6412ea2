"""The screens of the game window, one module per group of screens."""
