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

}  // namespace kiln
