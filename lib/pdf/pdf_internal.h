/*
 * The PDF module's private declarations: a page-drawing context over cairo and
 * pango, writing into memory, and the QR code (libqrencode).
 * SPDX-License-Identifier: MIT
 */
#ifndef DS_PDF_INTERNAL_H
#define DS_PDF_INTERNAL_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "datasset/pdf.h"
#include "internal/core.h"

/* A4 in PostScript points (210 × 297 mm). */
#define DS__PDF_A4_WIDTH (210.0 / 25.4 * 72.0)
#define DS__PDF_A4_HEIGHT (297.0 / 25.4 * 72.0)
#define DS__PDF_MM (72.0 / 25.4)

typedef struct ds__pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	/* A font map and context of our own, freed with the document: pango's
	 * default map is a per-thread cache the library could never release. */
	PangoFontMap *fonts;
	PangoContext *context;
	ds__buf out; /* the PDF bytes cairo wrote */
	const char *sans;
	const char *serif;
} ds__pdf;

/* Text alignment within a box. */
typedef enum { DS__PDF_LEFT, DS__PDF_CENTRE, DS__PDF_RIGHT } ds__pdf_align;

/* Start an A4 document with @title in its metadata; fonts from @opts (NULL:
 * defaults). DS_EINVAL for an unknown options version; DS_EINTERNAL when
 * cairo cannot make the surface. */
int ds__pdf_begin(ds__pdf *pdf, const ds_pdf_options *opts, const char *title);
/* Finish the document and hand its bytes to *out (ds_free), or release
 * everything when @out is NULL; DS_EINTERNAL naming cairo's status. */
int ds__pdf_end(unsigned char **out, size_t *len, ds__pdf *pdf);
/* Set @text (UTF-8) in a box @width points wide from (@x, @y), top-left,
 * wrapping at the width, in @family (NULL: sans) at @size points, bold when
 * @bold; returns the height used. */
double ds__pdf_text(ds__pdf *pdf, double x, double y, double width, const char *family, double size, int bold,
		    ds__pdf_align align, const char *text);
/* The height @text would take (ds__pdf_text without drawing). */
double ds__pdf_text_height(ds__pdf *pdf, double width, const char *family, double size, int bold, const char *text);
/* A line and a rectangle of @width points in the current colour. */
void ds__pdf_line(ds__pdf *pdf, double x1, double y1, double x2, double y2, double width);
void ds__pdf_rect(ds__pdf *pdf, double x, double y, double w, double h, double width);
/* A QR code of @payload (error correction level M, 8-bit mode, case kept)
 * @side points square with its quiet zone, top-left at (x, y). DS_EINTERNAL
 * when libqrencode fails. */
int ds__pdf_qr(ds__pdf *pdf, double x, double y, double side, const char *payload);
/* Colours: 0 black, 1 the seal red of the certificate's frame and title. */
void ds__pdf_colour(ds__pdf *pdf, int colour);

#endif
