/*
 * What an uploaded file really is, decided by its bytes (libmagic), never by
 * its name; and the short list of types Dars accepts as attachments: PDF,
 * PNG, JPEG, GIF, WebP, Word/Excel/PowerPoint (OOXML and legacy), OpenDocument
 * text/spreadsheet/presentation, plain text and CSV.
 */
#ifndef DARS_CORE_FILETYPE_H
#define DARS_CORE_FILETYPE_H

/*
 * Sniff len bytes of data. Returns 0 with *mime the canonical MIME type
 * ("application/pdf", "image/png", ...; a static string) when the type is on
 * the allow-list; DARS_EINVALID for anything else (executables, scripts,
 * HTML, SVG, XML, archives other than OOXML/ODF, empty or unknown data);
 * DARS_ERR when libmagic's database cannot be loaded. *mime is set only on 0.
 * Thread-safe: one magic cookie, loaded on first use, behind a mutex.
 * Legacy Office files that libmagic cannot tell apart (a bare OLE2 compound
 * file) come back as "application/vnd.ms-office".
 */
int filetype_sniff(const void *data, size_t len, const char **mime /* OUT */);

/* true for the image types a page may show inline: PNG, JPEG, GIF, WebP. */
bool filetype_is_image(const char *mime);

/*
 * The file name extension for an allowed canonical type, dot included
 * (".pdf", ".docx"); "" for NULL or any other type.
 */
const char *filetype_extension(const char *mime);

#endif
