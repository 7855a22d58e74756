"""The cffi extension is declared here (setuptools has no pyproject key for it);
everything else is in pyproject.toml. build_ffi.py finds libdatasset with
pkg-config (or DATASSET_INCLUDE_DIRS / DATASSET_LIBRARY_DIRS)."""

from setuptools import setup

setup(cffi_modules=["build_ffi.py:ffibuilder"])
