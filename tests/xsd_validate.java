// Validate XML files against an XML Schema with the JDK's own validator
// (javax.xml.validation: the JDK's Xerces-derived implementation, independent
// of libxml2). Usage: java tests/xsd_validate.java valid|invalid SCHEMA FILE...
// "valid": every file must validate; "invalid": every file must be refused.
// Prints one line per file that breaks the expectation; exit 0 when none does.
//
// One known deviation of this validator is told apart, not hidden: it measures
// a string's length (xs:maxLength) in UTF-16 code units, where XML Schema 1.0
// (Part 2, 4.3.1 and 4.3.3) counts characters, i.e. code points, as libxml2
// does; a character outside the BMP counts 2 here. A maxLength error whose
// value is within the limit counted in code points (and the error that repeats
// it for the same element or attribute) is reported as that deviation and
// counted apart; any other error is an error.
// Run by tests/certificate_xsd.sh. SPDX-License-Identifier: MIT
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

public class xsd_validate {
	static final Pattern MAX_LENGTH = Pattern.compile(
		"(?s)cvc-maxLength-valid: Value '(.*)' with length = '(\\d+)' is not facet-valid with respect to maxLength '(\\d+)'.*");

	public static void main(String[] args) throws Exception {
		boolean wantValid = args[0].equals("valid");
		SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
		Schema schema = factory.newSchema(new File(args[1]));
		int checked = 0, wrong = 0, utf16 = 0;
		for (int i = 2; i < args.length; i++) {
			final List<String> errors = new ArrayList<>();
			final int[] deviations = { 0 };
			final boolean[] excuseNext = { false };
			Validator validator = schema.newValidator();
			validator.setErrorHandler(new ErrorHandler() {
				void error(String message) {
					Matcher m = MAX_LENGTH.matcher(message);
					if (m.matches() && m.group(1).codePointCount(0, m.group(1).length()) <= Integer.parseInt(m.group(3))) {
						deviations[0]++;
						excuseNext[0] = true;
						return;
					}
					if (excuseNext[0] && (message.startsWith("cvc-type.3.1.3") || message.startsWith("cvc-attribute.3") ||
							      message.startsWith("cvc-complex-type.2.2"))) {
						excuseNext[0] = false;
						return;
					}
					excuseNext[0] = false;
					errors.add(message);
				}
				public void warning(SAXParseException e) {}
				public void error(SAXParseException e) { error(e.getMessage()); }
				public void fatalError(SAXParseException e) { error(e.getMessage()); }
			});
			try {
				validator.validate(new StreamSource(new File(args[i])));
			} catch (org.xml.sax.SAXException e) {
				errors.add(e.getMessage());
			}
			checked++;
			if (deviations[0] > 0)
				utf16++;
			if (wantValid && !errors.isEmpty()) {
				System.out.println(args[i] + ": not valid: " + errors.get(0));
				wrong++;
			} else if (!wantValid && errors.isEmpty()) {
				System.out.println(args[i] + ": valid, expected to be refused");
				wrong++;
			} else if (!wantValid) {
				System.out.println(args[i] + ": refused as expected: " + errors.get(0));
			}
		}
		System.out.println(checked + " files checked, " + wrong + " not as expected, " + utf16 +
				   " with a length within the limit in code points but not in UTF-16 code units");
		System.exit(wrong == 0 && checked > 0 ? 0 : 1);
	}
}
