/*
 * Drawing A4 pages into memory with cairo and pango, and QR codes with
 * libqrencode: the helpers the certificate and the vouchers share.
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#ifdef HAVE_PDF /* else nopdf.c */

#include <qrencode.h>
#include <string.h>

#include "pdf_internal.h"

#define DEFAULT_SANS "Noto Sans CJK SC"
#define DEFAULT_SERIF "Noto Serif CJK SC"

int ds_pdf_supported(void)
{
	return 1;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	ds__buf *b = closure;

	return ds__buf_put(b, (const char *)data, length) < 0 ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

int ds__pdf_begin(ds__pdf *pdf, const ds_pdf_options *opts, const char *title)
{
	memset(pdf, 0, sizeof *pdf);
	if (opts && opts->version != DS_PDF_OPTIONS_VERSION)
		return ds__error(DS_EINVAL, "ds_pdf_options: version %u, expected %d", opts->version,
				 DS_PDF_OPTIONS_VERSION);
	pdf->sans = opts && opts->sans_font ? opts->sans_font : DEFAULT_SANS;
	pdf->serif = opts && opts->serif_font ? opts->serif_font : DEFAULT_SERIF;
	pdf->surface = cairo_pdf_surface_create_for_stream(write_out, &pdf->out, DS__PDF_A4_WIDTH, DS__PDF_A4_HEIGHT);
	if (cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) {
		int rc = ds__error(DS_EINTERNAL, "cairo: cannot make a PDF surface: %s",
				   cairo_status_to_string(cairo_surface_status(pdf->surface)));
		cairo_surface_destroy(pdf->surface);
		pdf->surface = NULL;
		return rc;
	}
	cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_CREATOR, "libdatasset " PACKAGE_VERSION);
	pdf->cr = cairo_create(pdf->surface);
	cairo_set_source_rgb(pdf->cr, 0, 0, 0);
	pdf->fonts = pango_cairo_font_map_new();
	pdf->context = pango_font_map_create_context(pdf->fonts);
	pango_cairo_update_context(pdf->cr, pdf->context);
	return DS_OK;
}

int ds__pdf_end(unsigned char **out, size_t *len, ds__pdf *pdf)
{
	cairo_status_t status = CAIRO_STATUS_SUCCESS;
	char *bytes = NULL;
	size_t length = pdf->out.len;
	int rc = DS_OK;

	if (pdf->context)
		g_object_unref(pdf->context);
	if (pdf->fonts)
		g_object_unref(pdf->fonts);
	pdf->context = NULL;
	pdf->fonts = NULL;
	if (pdf->cr) {
		status = cairo_status(pdf->cr);
		cairo_destroy(pdf->cr);
	}
	if (pdf->surface) {
		cairo_surface_finish(pdf->surface);
		if (status == CAIRO_STATUS_SUCCESS)
			status = cairo_surface_status(pdf->surface);
		cairo_surface_destroy(pdf->surface);
	}
	length = pdf->out.len;
	if (out && status == CAIRO_STATUS_NO_MEMORY)
		rc = ds__enomem();
	else if (out && status != CAIRO_STATUS_SUCCESS)
		rc = ds__error(DS_EINTERNAL, "cairo: %s", cairo_status_to_string(status));
	else if (out && (rc = ds__buf_detach(&bytes, &pdf->out)) == DS_OK) {
		*out = (unsigned char *)bytes;
		*len = length;
	}
	ds__buf_dispose(&pdf->out);
	pdf->cr = NULL;
	pdf->surface = NULL;
	return rc;
}

static PangoLayout *layout_of(ds__pdf *pdf, double width, const char *family, double size, int bold,
			      ds__pdf_align align, const char *text)
{
	PangoLayout *layout = pango_layout_new(pdf->context);
	PangoFontDescription *font = pango_font_description_new();

	pango_font_description_set_family(font, family ? family : pdf->sans);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align == DS__PDF_CENTRE ? PANGO_ALIGN_CENTER :
					   align == DS__PDF_RIGHT  ? PANGO_ALIGN_RIGHT :
								     PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, text ? text : "", -1);
	return layout;
}

double ds__pdf_text_height(ds__pdf *pdf, double width, const char *family, double size, int bold, const char *text)
{
	PangoLayout *layout = layout_of(pdf, width, family, size, bold, DS__PDF_LEFT, text);
	int w, h;

	pango_layout_get_size(layout, &w, &h);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

double ds__pdf_text(ds__pdf *pdf, double x, double y, double width, const char *family, double size, int bold,
		    ds__pdf_align align, const char *text)
{
	PangoLayout *layout = layout_of(pdf, width, family, size, bold, align, text);
	int w, h;

	cairo_move_to(pdf->cr, x, y);
	pango_cairo_show_layout(pdf->cr, layout);
	pango_layout_get_size(layout, &w, &h);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

void ds__pdf_line(ds__pdf *pdf, double x1, double y1, double x2, double y2, double width)
{
	cairo_set_line_width(pdf->cr, width);
	cairo_move_to(pdf->cr, x1, y1);
	cairo_line_to(pdf->cr, x2, y2);
	cairo_stroke(pdf->cr);
}

void ds__pdf_rect(ds__pdf *pdf, double x, double y, double w, double h, double width)
{
	cairo_set_line_width(pdf->cr, width);
	cairo_rectangle(pdf->cr, x, y, w, h);
	cairo_stroke(pdf->cr);
}

void ds__pdf_colour(ds__pdf *pdf, int colour)
{
	if (colour == 1)
		cairo_set_source_rgb(pdf->cr, 0.69, 0.11, 0.11);
	else
		cairo_set_source_rgb(pdf->cr, 0, 0, 0);
}

int ds__pdf_qr(ds__pdf *pdf, double x, double y, double side, const char *payload)
{
	/* ISO/IEC 18004 asks for a quiet zone of 4 modules around the symbol. */
	enum { QUIET = 4 };
	QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double module;
	int row, col;

	if (!qr)
		return ds__error(DS_EINTERNAL, "libqrencode: cannot encode the %zu-byte payload", strlen(payload));
	module = side / (qr->width + 2 * QUIET);
	cairo_save(pdf->cr);
	cairo_set_source_rgb(pdf->cr, 1, 1, 1);
	cairo_rectangle(pdf->cr, x, y, side, side);
	cairo_fill(pdf->cr);
	cairo_set_source_rgb(pdf->cr, 0, 0, 0);
	for (row = 0; row < qr->width; row++)
		for (col = 0; col < qr->width; col++)
			if (qr->data[row * qr->width + col] & 1)
				cairo_rectangle(pdf->cr, x + (col + QUIET) * module, y + (row + QUIET) * module, module,
						module);
	cairo_fill(pdf->cr);
	cairo_restore(pdf->cr);
	QRcode_free(qr);
	return DS_OK;
}

#endif /* HAVE_PDF */
