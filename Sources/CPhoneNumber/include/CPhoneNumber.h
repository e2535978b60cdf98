/*
 * CPhoneNumber: a tiny C API over Google's libphonenumber (C++).
 *
 * Every function is thread-safe: they share only libphonenumber's immutable
 * PhoneNumberUtil singleton. No function throws or logs; C++ exceptions are
 * turned into CPN_INTERNAL_ERROR at this boundary.
 *
 * Strings are NUL-terminated UTF-8. Output buffers are fixed-size arrays in
 * the caller's memory, so nothing returned here ever needs freeing.
 */
#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes include the terminating NUL. E.164 allows at most 15 digits; the
 * extra room keeps a pathological-but-parsed number from being truncated. */
#define CPN_E164_SIZE 24
#define CPN_NATIONAL_NUMBER_SIZE 24
#define CPN_REGION_SIZE 4      /* "US", or "001" for non-geographic numbers */
#define CPN_EXTENSION_SIZE 32  /* libphonenumber caps extensions at 20 digits */

/* Outcome of a call. Parse errors mirror PhoneNumberUtil::ErrorType; the
 * validation outcomes come from IsValidNumber/IsPossibleNumberWithReason. */
typedef enum cpn_status {
  CPN_OK = 0,
  CPN_EMPTY,                /* input is empty or only ASCII whitespace */
  CPN_NOT_A_NUMBER,         /* no phone number in the text (letters, junk) */
  CPN_INVALID_COUNTRY_CODE, /* unknown calling code, or no '+' and no region */
  CPN_TOO_SHORT_AFTER_IDD,  /* nothing usable after an international prefix */
  CPN_TOO_SHORT_NSN,        /* fewer digits than any number of that country */
  CPN_TOO_LONG,             /* more digits than any number of that country */
  CPN_INVALID_NUMBER,       /* plausible length, but IsValidNumber is false */
  CPN_INVALID_REGION,       /* default_region is not supported */
  CPN_INVALID_ARGUMENT,     /* NULL pointer or unknown enum value */
  CPN_BUFFER_TOO_SMALL,     /* formatted text does not fit the buffer */
  CPN_INTERNAL_ERROR        /* a C++ exception reached the boundary */
} cpn_status;

/* Mirrors PhoneNumberUtil::PhoneNumberType, same order. */
typedef enum cpn_number_type {
  CPN_TYPE_FIXED_LINE = 0,
  CPN_TYPE_MOBILE,
  CPN_TYPE_FIXED_LINE_OR_MOBILE,
  CPN_TYPE_TOLL_FREE,
  CPN_TYPE_PREMIUM_RATE,
  CPN_TYPE_SHARED_COST,
  CPN_TYPE_VOIP,
  CPN_TYPE_PERSONAL_NUMBER,
  CPN_TYPE_PAGER,
  CPN_TYPE_UAN,
  CPN_TYPE_VOICEMAIL,
  CPN_TYPE_UNKNOWN
} cpn_number_type;

typedef enum cpn_format_style {
  CPN_FORMAT_E164 = 0,       /* "+19025551234" (never shows an extension) */
  CPN_FORMAT_INTERNATIONAL,  /* "+1 902-555-1234" */
  CPN_FORMAT_NATIONAL        /* "(902) 555-1234" */
} cpn_format_style;

/* Which check a number passed, and the weakest check cpn_parse accepts.
 * Validity needs the digits to lie in a range the installed metadata knows;
 * possibility only needs the right length for the calling code. Metadata is
 * frozen when the library is built, so a number from a range opened since
 * (a country's new numbering plan) is possible but not valid. */
typedef enum cpn_number_check {
  CPN_CHECK_VALID = 0,  /* IsValidNumber */
  CPN_CHECK_POSSIBLE    /* IsPossibleNumber only */
} cpn_number_check;

typedef struct cpn_result {
  char e164[CPN_E164_SIZE];                       /* "+19025551234" */
  char national_number[CPN_NATIONAL_NUMBER_SIZE]; /* "9025551234" */
  char region[CPN_REGION_SIZE];                   /* "CA" */
  char extension[CPN_EXTENSION_SIZE];             /* "123", or "" */
  int country_code;                               /* 1 */
  cpn_number_type number_type;
  cpn_number_check check;                         /* CPN_CHECK_VALID */
} cpn_result;

/*
 * Parses `text` (any human format) and validates it with IsValidNumber.
 * With `accept` CPN_CHECK_POSSIBLE, a number that is not valid but has the
 * right length for its calling code (IsPossibleNumberWithReason answers
 * IS_POSSIBLE) is returned too, with `check` CPN_CHECK_POSSIBLE; a valid
 * number always comes back with CPN_CHECK_VALID.
 *
 * `default_region` (ISO 3166-1 alpha-2, case-insensitive) says how to read
 * numbers written without a '+'; NULL means "no default", so only
 * international numbers parse.
 *
 * If the text does not give a valid number in the default region and it
 * starts with the international prefix 00 (which most of the world dials
 * but e.g. the US does not), it is read once more with 00 as the prefix and
 * that reading's outcome is returned instead (a merely possible first
 * reading does not stop the retry: a valid number beats a possible one).
 *
 * `*out` is always cleared. On CPN_OK every field is set except
 * `number_type`, left CPN_TYPE_UNKNOWN (see cpn_type_of_number). `region` is
 * where a valid number is valid, and for a merely possible one its calling
 * code's main region ("US" for +1, "" if none). On CPN_INVALID_NUMBER and on
 * a CPN_TOO_SHORT_NSN / CPN_TOO_LONG found by validation, `country_code` and
 * `region` say which country the number was read for (region: the default
 * region if the text had no calling code, else the calling code's main
 * region, "" if none).
 */
cpn_status cpn_parse(const char *text, const char *default_region,
                     cpn_number_check accept, cpn_result *out);

/*
 * Formats a number given in E.164 ("+19025551234") in `style`, appending
 * `extension` (NULL or "" for none) the way libphonenumber does
 * (" ext. 123") except in CPN_FORMAT_E164. The number need not be valid,
 * only parseable. Writes a NUL-terminated string to `out`.
 */
cpn_status cpn_format(const char *e164, const char *extension,
                      cpn_format_style style, char *out, size_t out_size);

/*
 * What kind of line the number given in E.164 is (GetNumberType). Separate
 * from cpn_parse because it costs as much as a whole parse.
 */
cpn_status cpn_type_of_number(const char *e164, cpn_number_type *out);

/* 1 if libphonenumber has metadata for the region code (case-insensitive,
 * e.g. "us", "GB"); 0 otherwise, including for "001" and "ZZ". */
int cpn_is_supported_region(const char *region);

#ifdef __cplusplus
}
#endif

#endif /* CPHONENUMBER_H */
