// cpn_parse: any human-written text -> validated, canonical number.
#include <cstring>

#include "util.h"

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Any region whose international (IDD) prefix is exactly "00" would do: the
// re-reading below only needs libphonenumber to strip a leading 00 as IDD.
const char kIdd00Region[] = "GB";

bool IsBlank(const char *text) {
  for (; *text != '\0'; ++text) {
    if (std::strchr(" \t\r\n\v\f", *text) == nullptr) return false;
  }
  return true;
}

// Why a parsed number is not valid, in the caller's terms. libphonenumber
// parses "12" or a 7-digit local US number without complaint; only the
// possibility check tells "too short" apart from "wrong digits".
cpn_status WhyInvalid(PhoneNumberUtil::ValidationResult possibility) {
  switch (possibility) {
    case PhoneNumberUtil::TOO_SHORT:
    // Dialable only inside its area (e.g. no area code): a human is best
    // told it is missing digits.
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
      return CPN_TOO_SHORT_NSN;
    case PhoneNumberUtil::TOO_LONG: return CPN_TOO_LONG;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return CPN_INVALID_COUNTRY_CODE;
    default: return CPN_INVALID_NUMBER;
  }
}

// One reading of the text in one region: parse, then validate.
struct Reading {
  PhoneNumber number;
  bool parsed = false;
  cpn_status status = CPN_INTERNAL_ERROR;
  std::string region;  // where the number is valid (set when status is OK)
  // Not valid, but the right length for its calling code: what a number
  // from a range newer than the installed metadata looks like.
  bool possible = false;
};

// The region a parsed number is valid in, or "" if it is not valid. Same
// answer as IsValidNumber + GetRegionCodeForNumber, cheaper in the common
// case: libphonenumber (with ICU regexes) spends ~30 us finding the region of
// a +1 number by testing every NANP region, but ~8 us to test just one. A
// number valid for the default region belongs to it (regions sharing a
// calling code have disjoint number ranges), so that region is tried first.
std::string ValidRegion(const PhoneNumber &number, const std::string &hint) {
  const PhoneNumberUtil &util = cpn::Util();
  if (hint != cpn::kUnknownRegion &&
      util.GetCountryCodeForRegion(hint) == number.country_code() &&
      util.IsValidNumberForRegion(number, hint)) {
    return hint;
  }
  std::string region;
  util.GetRegionCodeForNumber(number, &region);
  if (region == cpn::kUnknownRegion || region.empty()) return std::string();
  return util.IsValidNumberForRegion(number, region) ? region : std::string();
}

Reading Read(const std::string &text, const std::string &region) {
  Reading reading;
  // ParseAndKeepRawInput (unlike Parse) records country_code_source, which
  // tells whether an IDD prefix was used.
  const PhoneNumberUtil::ErrorType error =
      cpn::Util().ParseAndKeepRawInput(text, region, &reading.number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
    reading.status = cpn::StatusFromParseError(error);
    return reading;
  }
  reading.parsed = true;
  reading.region = ValidRegion(reading.number, region);
  if (!reading.region.empty()) {
    reading.status = CPN_OK;
    return reading;
  }
  const PhoneNumberUtil::ValidationResult possibility =
      cpn::Util().IsPossibleNumberWithReason(reading.number);
  reading.status = WhyInvalid(possibility);
  reading.possible = possibility == PhoneNumberUtil::IS_POSSIBLE;
  return reading;
}

// Reads "0044 20 7946 0018" as +44 when the default region does not dial
// 00 internationally (the US dials 011). Only a reading that really used
// 00 as IDD counts, so "00 20 ..." never turns into a GB national number.
// When that reading fails too, its outcome still replaces the first one:
// text starting with 00 was almost surely meant as international.
void ReadAsIdd00(const std::string &text, Reading *reading) {
  Reading retry = Read(text, kIdd00Region);
  if (retry.parsed && retry.number.country_code_source() ==
                          PhoneNumber::FROM_NUMBER_WITH_IDD) {
    *reading = retry;
  }
}

// A calling code's main region (+1 -> "US"), "" if it has none.
std::string MainRegion(int country_code) {
  std::string region;
  cpn::Util().GetRegionCodeForCountryCode(country_code, &region);
  return region == cpn::kUnknownRegion ? std::string() : region;
}

// The region the number was read for, to explain an invalid number: the
// default region if the text had no calling code, else the calling code's
// main region.
std::string ReadRegion(const Reading &reading,
                       const std::string &default_region) {
  if (reading.number.country_code_source() ==
      PhoneNumber::FROM_DEFAULT_COUNTRY) {
    return default_region;
  }
  return MainRegion(reading.number.country_code());
}

// Fills `out` with an accepted number that passed `check` and belongs to
// `region`. The number type is not filled in: it costs as much as the whole
// parse and hardly anyone needs it (cpn_number_type computes it on demand).
cpn_status FillAccepted(const PhoneNumber &number, const std::string &region,
                        cpn_number_check check, cpn_result *out) {
  const PhoneNumberUtil &util = cpn::Util();
  std::string e164, national;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  util.GetNationalSignificantNumber(number, &national);
  out->country_code = number.country_code();
  out->number_type = CPN_TYPE_UNKNOWN;
  out->check = check;
  const bool fits =
      cpn::CopyString(e164, out->e164, sizeof out->e164) &&
      cpn::CopyString(national, out->national_number,
                      sizeof out->national_number) &&
      cpn::CopyString(region, out->region, sizeof out->region) &&
      cpn::CopyString(number.extension(), out->extension,
                      sizeof out->extension);
  if (fits) return CPN_OK;
  // Keep the promise that a failed call leaves *out cleared.
  std::memset(out, 0, sizeof *out);
  out->number_type = CPN_TYPE_UNKNOWN;
  return CPN_INTERNAL_ERROR;
}

}  // namespace

extern "C" cpn_status cpn_parse(const char *text, const char *default_region,
                                cpn_number_check accept, cpn_result *out) {
  if (out == nullptr) return CPN_INVALID_ARGUMENT;
  std::memset(out, 0, sizeof *out);
  out->number_type = CPN_TYPE_UNKNOWN;
  if (text == nullptr) return CPN_INVALID_ARGUMENT;
  if (accept != CPN_CHECK_VALID && accept != CPN_CHECK_POSSIBLE) {
    return CPN_INVALID_ARGUMENT;
  }
  if (IsBlank(text)) return CPN_EMPTY;
  try {
    std::string region = cpn::kUnknownRegion;
    if (default_region != nullptr) {
      region = cpn::UppercaseRegion(default_region);
      if (!cpn::IsSupportedRegion(region)) return CPN_INVALID_REGION;
    }

    Reading reading = Read(text, region);
    if (reading.status != CPN_OK) ReadAsIdd00(text, &reading);

    if (reading.status == CPN_OK) {
      return FillAccepted(reading.number, reading.region, CPN_CHECK_VALID, out);
    }
    if (!reading.parsed) return reading.status;
    if (reading.possible && accept == CPN_CHECK_POSSIBLE) {
      // The metadata cannot place the number in a region; the calling
      // code's main one keeps the result a function of the number alone
      // (not of the default region it happened to be read in).
      return FillAccepted(reading.number,
                          MainRegion(reading.number.country_code()),
                          CPN_CHECK_POSSIBLE, out);
    }
    out->country_code = reading.number.country_code();
    cpn::CopyString(ReadRegion(reading, region), out->region,
                    sizeof out->region);
    return reading.status;
  } catch (...) {
    return CPN_INTERNAL_ERROR;
  }
}

extern "C" cpn_status cpn_type_of_number(const char *e164, cpn_number_type *out) {
  if (e164 == nullptr || out == nullptr) return CPN_INVALID_ARGUMENT;
  *out = CPN_TYPE_UNKNOWN;
  try {
    PhoneNumber number;
    const PhoneNumberUtil::ErrorType error =
        cpn::Util().Parse(e164, cpn::kUnknownRegion, &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
      return cpn::StatusFromParseError(error);
    }
    *out = static_cast<cpn_number_type>(cpn::Util().GetNumberType(number));
    return CPN_OK;
  } catch (...) {
    return CPN_INTERNAL_ERROR;
  }
}
