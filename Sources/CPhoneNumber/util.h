// Internal helpers shared by the C API implementation files.
#ifndef CPHONENUMBER_UTIL_H
#define CPHONENUMBER_UTIL_H

#include <cstddef>
#include <string>

#include <phonenumbers/phonenumberutil.h>

#include "CPhoneNumber.h"

namespace cpn {

// Region code meaning "no default region" to libphonenumber.
extern const char kUnknownRegion[];

// libphonenumber's singleton, muted. Always go through this, never through
// PhoneNumberUtil::GetInstance(), so the logger is installed before use.
const i18n::phonenumbers::PhoneNumberUtil &Util();

// Copies `s` and a NUL into `dst[size]`; false (and "") if it does not fit.
bool CopyString(const std::string &s, char *dst, std::size_t size);

// ASCII-uppercases a region code, because libphonenumber's region lookups
// are case-sensitive ("us" is unknown to it).
std::string UppercaseRegion(const char *region);

// True if libphonenumber has metadata for the (uppercase) region code.
bool IsSupportedRegion(const std::string &region);

cpn_status StatusFromParseError(
    i18n::phonenumbers::PhoneNumberUtil::ErrorType error);

}  // namespace cpn

#endif  // CPHONENUMBER_UTIL_H
