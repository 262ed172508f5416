// Kiln's one exception type. Library code throws kiln::Error; the CLI and the GUI catch it at their
// boundary and show what() as one clear line. Messages name the file, node or field at fault.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace kiln {

enum class ErrorKind {
    InvalidArgument,  // bad user input: flags, shapes, dtypes, files
    InvalidModel,     // the model itself is malformed (parse, checker, cycle, bad attribute)
    Unsupported,      // valid but not implemented by Kiln (op, dtype, attribute value)
    ResourceLimit,    // a tensor or allocation too large to be sane
    Io,               // file system
    Internal,         // a bug in Kiln
    Cancelled,        // the caller asked to stop (a build, run or calibration's cancel callback)
};

const char* errorKindName(ErrorKind kind);

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_;
};

namespace detail {
inline void appendAll(std::ostringstream&) {}
template <typename T, typename... Rest>
void appendAll(std::ostringstream& os, const T& first, const Rest&... rest) {
    os << first;
    appendAll(os, rest...);
}
}  // namespace detail

// Concatenates its arguments with operator<< into a message.
template <typename... Args>
std::string concat(const Args&... args) {
    std::ostringstream os;
    detail::appendAll(os, args...);
    return os.str();
}

template <typename... Args>
[[noreturn]] void fail(ErrorKind kind, const Args&... args) {
    throw Error(kind, concat(args...));
}

}  // namespace kiln

// Checks a condition that user input can violate; throws kiln::Error with the given message parts.
#define KILN_CHECK(cond, kind, ...)                          \
    do {                                                     \
        if (!(cond)) ::kiln::fail(::kiln::ErrorKind::kind, __VA_ARGS__); \
    } while (0)
