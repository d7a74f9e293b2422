// Random (version 4) UUIDs in their canonical lower-case text form, drawn from a Random port.
// Thread-safe when the Random is.
#pragma once

#include <string>

#include "common/random.h"

namespace portcullis {

std::string NewUuidV4(Random& random);

}  // namespace portcullis
