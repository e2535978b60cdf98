// cpn_format: E.164 string -> human-readable text.
#include "util.h"

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool LibraryFormat(cpn_format_style style,
                   PhoneNumberUtil::PhoneNumberFormat *format) {
  switch (style) {
    case CPN_FORMAT_E164: *format = PhoneNumberUtil::E164; return true;
    case CPN_FORMAT_INTERNATIONAL:
      *format = PhoneNumberUtil::INTERNATIONAL;
      return true;
    case CPN_FORMAT_NATIONAL: *format = PhoneNumberUtil::NATIONAL; return true;
  }
  return false;
}

}  // namespace

extern "C" cpn_status cpn_format(const char *e164, const char *extension,
                                 cpn_format_style style, char *out,
                                 size_t out_size) {
  if (e164 == nullptr || out == nullptr || out_size == 0) {
    return CPN_INVALID_ARGUMENT;
  }
  out[0] = '\0';
  try {
    PhoneNumberUtil::PhoneNumberFormat format;
    if (!LibraryFormat(style, &format)) return CPN_INVALID_ARGUMENT;

    // No default region: the '+' and calling code must be in the text.
    PhoneNumber number;
    const PhoneNumberUtil::ErrorType error =
        cpn::Util().Parse(e164, cpn::kUnknownRegion, &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
      return cpn::StatusFromParseError(error);
    }
    if (extension != nullptr && extension[0] != '\0') {
      number.set_extension(extension);
    }

    std::string text;
    cpn::Util().Format(number, format, &text);
    return cpn::CopyString(text, out, out_size) ? CPN_OK
                                                : CPN_BUFFER_TOO_SMALL;
  } catch (...) {
    return CPN_INTERNAL_ERROR;
  }
}
