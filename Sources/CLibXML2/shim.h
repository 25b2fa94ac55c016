// libxml2 for FaturaTISS: hardened reading of TISS files and XSD validation. libxml2 is a
// documented dependency of the Swift toolchain on Linux (libxml2-dev); pkg-config gives the path.
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU; its headers would pull the system's ICU into the module and
// clash with Foundation's own copy (_FoundationICU). Nothing here needs ICU's types.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

// `xmlFree` is a global function pointer: Swift 6 sees shared mutable state. One call site.
static inline void fatura_xml_free(void *pointer) { xmlFree(pointer); }
