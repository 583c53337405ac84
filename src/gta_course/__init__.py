"""gta-course: the GTA 2025 Prevention Framework as a tailored, offline course."""

__version__ = "0.1.0"
