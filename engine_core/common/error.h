// Kiln's one exception type. Library code throws kiln::Error; the CLI and the GUI catch it at their
// boundary and show it as one clear line: the CLI what() (English), the GUI message() translated by
// its catalogue id (message.h). Messages name the file, node or field at fault.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine_core/common/message.h"

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
    // what() is message.text().
    Error(ErrorKind kind, Message message);
    // Free text (Msg::FreeText), for code not converted to the catalogue yet.
    Error(ErrorKind kind, const std::string& text);
    ErrorKind kind() const { return kind_; }
    // The structured sentence; wrap it (msg<...>("cause"_a = e.message())) rather than what().
    const Message& message() const { return *message_; }

private:
    ErrorKind kind_;
    std::shared_ptr<const Message> message_;  // shared: copying an exception must not throw
};

[[noreturn]] void fail(ErrorKind kind, Message message);

// Free text from message parts (the transition path; new code passes a Message).
template <typename... Args>
[[noreturn]] void fail(ErrorKind kind, const Args&... args) {
    throw Error(kind, concat(args...));
}

}  // namespace kiln

// Checks a condition that user input can violate; throws kiln::Error with the given message (a
// Message, or parts of a free-text one).
#define KILN_CHECK(cond, kind, ...)                          \
    do {                                                     \
        if (!(cond)) ::kiln::fail(::kiln::ErrorKind::kind, __VA_ARGS__); \
    } while (0)
