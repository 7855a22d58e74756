"""Build the cffi extension ``datasset._native`` (API mode, out of line).

The C declarations (the cdef) are not copied by hand: they are produced from
the library's real public headers at build time.  ``datasset/datasset.h`` is
run through the C preprocessor with ``-undef -nostdinc`` and an include
directory holding empty ``stddef.h`` and ``stdint.h`` (cffi knows ``size_t``,
``int64_t`` and friends already), so the output holds our declarations only,
with ``DS_EXTERN`` expanding to nothing.  The integer ``#define DS_...``
constants are taken from ``-dM`` output of the same run and declared as
``#define NAME ...``, so the compiler supplies their values.  Because the
module is then compiled against the same headers, the compiler checks every
declaration, struct layout, enum value and constant.

Where the headers and library are found, in order:

* ``DATASSET_INCLUDE_DIRS`` / ``DATASSET_LIBRARY_DIRS`` (``os.pathsep``
  separated; a build tree passes ``$top_srcdir/include:$top_builddir/include``
  and ``$top_builddir/.libs``), with ``DATASSET_RPATH=1`` to record the library
  directories as a run path;
* otherwise ``pkg-config datasset`` (the installed library).

Run as a script to compile in a scratch directory instead of through pip::

    python3 build_ffi.py --outdir DIR [--include-dir D ...] [--library-dir D ...] [--rpath]
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import sysconfig
import tempfile

from cffi import FFI

MODULE = "datasset._native"

# Macros whose values are not integer constants.
_SKIP_MACROS = {"DS_EXTERN", "DS_VERSION_STRING"}


def _split(var: str) -> list[str]:
    value = os.environ.get(var, "")
    return [p for p in value.split(os.pathsep) if p]


def _pkg_config(*args: str) -> list[str]:
    exe = os.environ.get("PKG_CONFIG", "pkg-config")
    try:
        out = subprocess.run([exe, *args, "datasset"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(
            "datasset: cannot find the C library libdatasset: pkg-config datasset failed "
            f"({exc}); install libdatasset (and its .pc file) or set DATASSET_INCLUDE_DIRS "
            "and DATASSET_LIBRARY_DIRS"
        ) from exc
    return shlex.split(out)


def locate() -> tuple[list[str], list[str], bool]:
    """The include directories, library directories and whether to set a run path."""
    incs = _split("DATASSET_INCLUDE_DIRS")
    libs = _split("DATASSET_LIBRARY_DIRS")
    rpath = os.environ.get("DATASSET_RPATH", "") not in ("", "0")
    if not incs:
        incs = [f[2:] for f in _pkg_config("--cflags-only-I") if f.startswith("-I")]
        if not incs:
            incs = ["/usr/include"]
    if not libs:
        libs = [f[2:] for f in _pkg_config("--libs-only-L") if f.startswith("-L")]
    return [os.path.abspath(d) for d in incs], [os.path.abspath(d) for d in libs], rpath


def _find_header(incs: list[str]) -> str:
    for d in incs:
        path = os.path.join(d, "datasset", "datasset.h")
        if os.path.exists(path):
            return path
    raise SystemExit(f"datasset: datasset/datasset.h not found in {incs}")


def _cpp() -> list[str]:
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shlex.split(cc)


def make_cdef(incs: list[str]) -> str:
    """The cdef: the preprocessed public headers plus their integer constants."""
    header = _find_header(incs)
    with tempfile.TemporaryDirectory(prefix="datasset-cdef-") as fake:
        for name in ("stddef.h", "stdint.h"):
            open(os.path.join(fake, name), "w").close()
        base = _cpp() + ["-E", "-undef", "-nostdinc", "-std=c11", "-I", fake]
        for d in incs:
            base += ["-I", d]
        decls = subprocess.run(base + ["-P", header], check=True, capture_output=True, text=True).stdout
        macros = subprocess.run(base + ["-dM", header], check=True, capture_output=True, text=True).stdout
    decls = "\n".join(line for line in decls.splitlines() if line.strip())
    consts = []
    for line in macros.splitlines():
        m = re.match(r"#define (DS_[A-Z0-9_]+) (.+)$", line)
        if not m or m.group(1) in _SKIP_MACROS:
            continue
        value = m.group(2).strip()
        if not value or value[0] in '{"' or m.group(1).endswith("_INIT"):
            continue
        consts.append(f"#define {m.group(1)} ...")
    # Python callbacks (cffi's extern "Python") for the library's callback types.
    callbacks = []
    if "ds_probe_progress_fn" in decls:
        callbacks.append('extern "Python" void _datasset_progress(uint64_t, uint64_t, void *);')
    if "ds_resource_callback" in decls:
        callbacks.append('extern "Python" int _datasset_resource_cb(const ds_resource *, size_t, void *);')
    return decls + "\n" + "\n".join(sorted(consts) + callbacks) + "\n"


def make_builder() -> FFI:
    incs, libs, rpath = locate()
    builder = FFI()
    builder.cdef(make_cdef(incs))
    link_args = [f"-Wl,-rpath,{d}" for d in libs] if rpath else []
    builder.set_source(
        MODULE,
        '#include "datasset/datasset.h"\n',
        include_dirs=incs,
        library_dirs=libs,
        libraries=["datasset"],
        extra_link_args=link_args,
    )
    return builder


def _main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--outdir", required=True, help="where datasset/_native*.so goes")
    ap.add_argument("--include-dir", action="append", default=[])
    ap.add_argument("--library-dir", action="append", default=[])
    ap.add_argument("--rpath", action="store_true")
    ap.add_argument("--print-cdef", action="store_true", help="print the cdef and stop")
    args = ap.parse_args(argv)
    if args.include_dir:
        os.environ["DATASSET_INCLUDE_DIRS"] = os.pathsep.join(args.include_dir)
    if args.library_dir:
        os.environ["DATASSET_LIBRARY_DIRS"] = os.pathsep.join(args.library_dir)
    if args.rpath:
        os.environ["DATASSET_RPATH"] = "1"
    if args.print_cdef:
        sys.stdout.write(make_cdef(locate()[0]))
        return 0
    builder = make_builder()
    os.makedirs(args.outdir, exist_ok=True)
    path = builder.compile(tmpdir=args.outdir, verbose=False)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
else:
    # setup.py names this module in cffi_modules ("build_ffi.py:ffibuilder").
    ffibuilder = make_builder() if os.environ.get("DATASSET_NO_BUILDER") is None else None
