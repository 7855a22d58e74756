/*
 * libFuzzer harness for the compliance documents (ds_checklist_parse,
 * ds_compliance_entry_parse, ds_evidence_parse): the input is read as all
 * three. A checklist that reads is described and assessed on a small entry; an
 * entry that reads is assessed under the bundled cn-2025 with a fixed evidence
 * list, and evidence that reads is assessed with a fixed entry. Every result
 * is written in the three formats, and the XML form must be valid against
 * compliance.xsd.
 * SPDX-License-Identifier: MIT
 */
#include <datasset/datasset.h>

#include "fuzz_util.h"
#include "internal/xml.h"

static const char entry_doc[] =
	"<entry xmlns=\"urn:datasset:compliance:1\" id=\"F\">"
	"<registrant code=\"91350100M000100Y43\" kind=\"operator\"/>"
	"<flag name=\"purpose\" value=\"list\"/><flag name=\"pi\" value=\"sensitive\"/>"
	"<flag name=\"grade\" value=\"一般\"/><flag name=\"public_data\" value=\"true\"/>"
	"<flag name=\"public_channel\" value=\"authorised_operation\"/>"
	"<flag name=\"source\" value=\"licensed_in web_collected\"/>"
	"<flag name=\"cross_border\" value=\"true\"/><flag name=\"xb_sensitive_ytd\" value=\"10000\"/>"
	"</entry>";
static const char evidence_doc[] =
	"<evidence-list xmlns=\"urn:datasset:compliance:1\">"
	"<evidence id=\"a\" kind=\"business_licence\" digest=\"sha256:"
	"0000000000000000000000000000000000000000000000000000000000000001\" issued=\"2025-01-01\" expires=\"2026-01-01\"/>"
	"<evidence id=\"b\" kind=\"grading_record\" digest=\"sha256:"
	"0000000000000000000000000000000000000000000000000000000000000002\" issued=\"2025-01-01\" finding=\"contradicts\"/>"
	"<review item=\"P01\" status=\"not_satisfied\" reviewer=\"f\" date=\"2025-01-01\">r</review>"
	"</evidence-list>";

static void assess_and_write(const ds_checklist *checklist, const ds_compliance_entry *entry, const ds_evidence *ev)
{
	ds_compliance_options opts = DS_COMPLIANCE_OPTIONS_INIT;
	ds_assessment *a = NULL;
	char *text = NULL;
	xmlDocPtr doc = NULL;

	opts.date = "2025-06-01";
	opts.time = "2025-06-01T00:00:00Z";
	if (ds_compliance_assess(&a, checklist, entry, ev, &opts) != DS_OK)
		return;
	FUZZ_CHECK(ds_assessment_write(&text, a, DS_COMPLIANCE_TEXT) == DS_OK);
	ds_free(text);
	FUZZ_CHECK(ds_assessment_write(&text, a, DS_COMPLIANCE_CSV) == DS_OK);
	ds_free(text);
	FUZZ_CHECK(ds_assessment_write(&text, a, DS_COMPLIANCE_XML) == DS_OK);
	FUZZ_CHECK(ds__xml_load_memory(&doc, text, strlen(text), "assessment", "compliance.xsd") == DS_OK);
	xmlFreeDoc(doc);
	ds_free(text);
	FUZZ_CHECK(ds_assessment_outcome(a) <= DS_COMPLIANCE_FAIL);
	ds_assessment_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_checklist *checklist = NULL, *bundled = NULL;
	ds_compliance_entry *entry = NULL, *fixed_entry = NULL;
	ds_evidence *ev = NULL, *fixed_ev = NULL;
	char *text = NULL;

	FUZZ_CHECK(ds_checklist_bundled(&bundled, "cn-2025") == DS_OK);
	FUZZ_CHECK(ds_compliance_entry_parse(&fixed_entry, entry_doc, sizeof entry_doc - 1, "entry") == DS_OK);
	FUZZ_CHECK(ds_evidence_parse(&fixed_ev, evidence_doc, sizeof evidence_doc - 1, "evidence") == DS_OK);
	if (ds_checklist_parse(&checklist, (const char *)data, size, "fuzz") == DS_OK) {
		FUZZ_CHECK(ds_checklist_describe(&text, checklist) == DS_OK);
		ds_free(text);
		assess_and_write(checklist, fixed_entry, NULL);
		ds_checklist_free(checklist);
	}
	if (ds_compliance_entry_parse(&entry, (const char *)data, size, "fuzz") == DS_OK) {
		assess_and_write(bundled, entry, fixed_ev);
		ds_compliance_entry_free(entry);
	}
	if (ds_evidence_parse(&ev, (const char *)data, size, "fuzz") == DS_OK) {
		assess_and_write(bundled, fixed_entry, ev);
		ds_evidence_free(ev);
	}
	ds_evidence_free(fixed_ev);
	ds_compliance_entry_free(fixed_entry);
	ds_checklist_free(bundled);
	return 0;
}
