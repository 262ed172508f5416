#include "engine_core/common/error.h"

namespace kiln {

const char* errorKindName(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::InvalidArgument: return "invalid argument";
        case ErrorKind::InvalidModel: return "invalid model";
        case ErrorKind::Unsupported: return "unsupported";
        case ErrorKind::ResourceLimit: return "resource limit";
        case ErrorKind::Io: return "i/o error";
        case ErrorKind::Internal: return "internal error";
        case ErrorKind::Cancelled: return "cancelled";
    }
    return "error";
}

Error::Error(ErrorKind kind, Message message)
    : std::runtime_error(message.text()),
      kind_(kind),
      message_(std::make_shared<const Message>(std::move(message))) {}

Error::Error(ErrorKind kind, const std::string& text) : Error(kind, Message(text)) {}

void fail(ErrorKind kind, Message message) {
    throw Error(kind, std::move(message));
}

}  // namespace kiln
