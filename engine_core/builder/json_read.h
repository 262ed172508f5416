// Parsing a JSON settings file (the builder config, the timing cache) so that every way it can be
// wrong is an input error naming the file. nlohmann's parser reports a number out of a double's
// range (1e400, valid JSON) as json::out_of_range, not a parse error; here it becomes
// "FILE: field 'timing.warmup': number 1e400 is out of range", with the field's path as the
// builder config's errors write it ("profiles[0].x.min").
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kiln {

// Syntax errors are left to the caller (json::parse_error, for its own wording); any other
// exception of the parser is a kiln::Error (InvalidArgument) naming `source` and the field.
nlohmann::json parseJsonNamingFields(const std::string& text, const std::string& source);

}  // namespace kiln
