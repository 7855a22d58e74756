"""Type stub of the compiled cffi module (generated from the C headers at build time)."""

from typing import Any

ffi: Any
lib: Any
