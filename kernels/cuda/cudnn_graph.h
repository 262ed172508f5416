// What the cuDNN-graph kernels (conv.cpp, sdpa.cpp) share on the cudnn-frontend side. Include only
// where KILN_HAVE_CUDNN_FRONTEND is set: the frontend is a large header (keep it in few files).
#pragma once

#include <cudnn_frontend.h>

#include "engine_core/ir/tensor.h"

namespace kiln::cuda {

// The frontend's type of a float tensor (fp16, bf16; fp32 for the rest).
inline cudnn_frontend::DataType_t feType(DataType t) {
    if (t == DataType::Float16) return cudnn_frontend::DataType_t::HALF;
    if (t == DataType::BFloat16) return cudnn_frontend::DataType_t::BFLOAT16;
    return cudnn_frontend::DataType_t::FLOAT;
}

}  // namespace kiln::cuda
