// cpn_is_supported_region: does libphonenumber know this region?
#include "util.h"

extern "C" int cpn_is_supported_region(const char *region) {
  if (region == nullptr) return 0;
  try {
    return cpn::IsSupportedRegion(cpn::UppercaseRegion(region)) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}
