#!/bin/sh
# Reads a LeakSanitizer report (full stacks: fast_unwind_on_malloc=0) on stdin and
# succeeds when every leaked block was allocated inside raptor's parser and lost
# there: walking up from the allocator, the frames are libraptor2's until the first
# one outside it, which is the library's call of raptor's parser (ds__rdf_parse or
# ds__rdf_parse_stream), not a statement handler of ours. Fails on anything else,
# on a report without leaks, and on a report it cannot read.
# SPDX-License-Identifier: MIT
awk '
/^(Direct|Indirect) leak of/ { blocks++; inblock = 1; decided = 0; next }
inblock && /^ *#[0-9]+ / {
	if (decided) next
	if ($0 ~ /in (__interceptor_|__asan_|)(malloc|calloc|realloc|strdup|strndup|reallocarray)/) next
	if ($0 ~ /libraptor2/) { seen_raptor = 1; next }
	decided = 1
	if (seen_raptor && $0 ~ /in ds__rdf_parse(_stream)? /) raptors++
	seen_raptor = 0
	next
}
/^$/ { inblock = 0; seen_raptor = 0 }
END { exit !(blocks > 0 && raptors == blocks) }
'
