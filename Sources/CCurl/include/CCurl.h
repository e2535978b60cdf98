// Typed, non-variadic wrappers over libcurl's easy interface, for what Swift cannot call:
// curl_easy_setopt and curl_easy_getinfo are variadic, and CURL_GLOBAL_DEFAULT is a macro.
// Everything else (curl_easy_perform, curl_easy_reset, curl_slist_append, the CURLOPT_*,
// CURLINFO_* and CURLE_* constants) Swift imports straight from <curl/curl.h>.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

/// The body and header callback shape (CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION).
/// Return `size * count` to go on; anything else makes curl abort with CURLE_WRITE_ERROR.
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/// Runs curl_global_init(CURL_GLOBAL_DEFAULT) exactly once per process, whichever thread gets
/// here first (pthread_once); later calls return the first call's result.
CURLcode ccurl_global_init_once(void);

/// curl_easy_init() after ccurl_global_init_once(); NULL when either fails.
CURL *ccurl_easy_init(void);

/// curl_easy_setopt for CURLOPTTYPE_LONG options (flags, timeouts in ms, enums).
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);

/// curl_easy_setopt for CURLOPTTYPE_STRINGPOINT options; curl copies the string.
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);

/// curl_easy_setopt for pointer options (CURLOPTTYPE_OBJECTPOINT, CURLOPTTYPE_SLISTPOINT,
/// CURLOPTTYPE_CBPOINT); curl keeps the pointer, so it must outlive curl_easy_perform.
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);

/// curl_easy_setopt for CURLOPTTYPE_OFF_T options (the *_LARGE sizes).
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/// CURLOPT_WRITEFUNCTION + CURLOPT_WRITEDATA: where response body bytes go.
CURLcode ccurl_set_write_callback(CURL *handle, ccurl_data_callback callback, void *context);

/// CURLOPT_HEADERFUNCTION + CURLOPT_HEADERDATA: receives each response header line, status
/// lines included, for every response on the way (100 Continue, proxy CONNECT, the final one).
CURLcode ccurl_set_header_callback(CURL *handle, ccurl_data_callback callback, void *context);

/// CURLOPT_POSTFIELDSIZE_LARGE + CURLOPT_POSTFIELDS: sends `count` bytes from `bytes` (NUL bytes
/// included) as the request body. An empty body still gets a valid pointer, because a NULL
/// POSTFIELDS would make curl read the body from its read callback (stdin by default).
CURLcode ccurl_set_post_body(CURL *handle, const void *bytes, curl_off_t count);

/// curl_easy_getinfo for CURLINFO_LONG values (response code, connect count).
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// curl_easy_getinfo for CURLINFO_DOUBLE values (the older *_TIME values in seconds).
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value);

/// curl_easy_getinfo for CURLINFO_OFF_T values (the *_TIME_T values in microseconds, sizes).
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
