"""The version, in a module of its own: any module may import it without importing
the package's public API (and through it the engine), which would make a cycle."""
__version__ = "0.1.0"
