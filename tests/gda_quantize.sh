#!/bin/sh
# The GDA quantize/rescale cases (tests/gda_oracle.py) with Debian's Python
# (/usr/bin/python3) as the oracle, else the configured one.
# SPDX-License-Identifier: MIT
py=/usr/bin/python3
[ -x "$py" ] || py=${PYTHON:-python3}
exec "$py" "${top_srcdir:-.}/tests/gda_oracle.py" "${top_builddir:-.}/tests/decimal_oracle" \
	"${top_srcdir:-.}/tests/fixtures/gda"
