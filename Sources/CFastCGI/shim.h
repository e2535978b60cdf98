// libfcgi (Debian libfcgi-dev): the FastCGI application library every responder links.
#include <fcgiapp.h>
