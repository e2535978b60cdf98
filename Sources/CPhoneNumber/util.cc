#include "util.h"

#include <cstring>

#include <phonenumbers/logger.h>

namespace cpn {

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumberUtil;

const char kUnknownRegion[] = "ZZ";

const PhoneNumberUtil &Util() {
  // A function-local static is initialised exactly once, even when several
  // threads make the first call together (C++11), so swapping the logger
  // cannot race with any parsing of ours. SetLogger deletes the previous
  // logger, which is why it must never run twice.
  static PhoneNumberUtil *const util = [] {
    PhoneNumberUtil *instance = PhoneNumberUtil::GetInstance();
    instance->SetLogger(new NullLogger());  // takes ownership
    return instance;
  }();
  return *util;
}

bool CopyString(const std::string &s, char *dst, std::size_t size) {
  if (size == 0) return false;
  if (s.size() >= size) {
    dst[0] = '\0';
    return false;
  }
  std::memcpy(dst, s.data(), s.size());
  dst[s.size()] = '\0';
  return true;
}

std::string UppercaseRegion(const char *region) {
  std::string upper(region);
  for (char &c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

bool IsSupportedRegion(const std::string &region) {
  // GetCountryCodeForRegion answers 0 for anything without metadata,
  // including "ZZ" and the non-geographic "001".
  return Util().GetCountryCodeForRegion(region) != 0;
}

cpn_status StatusFromParseError(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR: return CPN_OK;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return CPN_INVALID_COUNTRY_CODE;
    case PhoneNumberUtil::NOT_A_NUMBER: return CPN_NOT_A_NUMBER;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return CPN_TOO_SHORT_AFTER_IDD;
    case PhoneNumberUtil::TOO_SHORT_NSN: return CPN_TOO_SHORT_NSN;
    case PhoneNumberUtil::TOO_LONG_NSN: return CPN_TOO_LONG;
  }
  return CPN_INTERNAL_ERROR;
}

}  // namespace cpn
