// Cases of the data-movement families: shape ops (Reshape, Flatten, Squeeze, Unsqueeze, Identity,
// Dropout, Constant, ConstantOfShape, Range, Shape, Size, Transpose, Expand), Concat, Split, Slice,
// Tile, Trilu, Gather*, Scatter*, Pad, Resize. Most of these kernels take any element type: each
// op's cases use fp32 and also a 1-, 2- and 8-byte type, since they move bytes by the type's size.
// Shape, axes, pads and index inputs are constants (what a builder sees after folding).
#include <algorithm>
#include <limits>

#include "tests/backend_ops/harness.h"

namespace kiln::ops {
namespace {

using Dims = std::vector<int64_t>;
using Attrs = std::map<std::string, Attribute>;

// The element types a type-generic kernel is run with: fp32, then one of each other size.
std::vector<DataType> movedTypes(const GenRequest& req) {
    if (req.dtype != DataType::Undefined) return {req.dtype};
    if (req.perf) return {DataType::Float32};
    return {DataType::Float32, DataType::Float16, DataType::Int64, DataType::Bool, DataType::UInt8};
}

Tensor data(Rng& rng, DataType t, const Dims& d) {
    return isFloatType(t) ? randomTensor(rng, t, d) : randomTensor(rng, t, d, 0, 100);
}

// Runs `make` once per moved type; the cases of types past the first reuse the first's shapes.
template <typename F>
std::vector<Case> perType(const GenRequest& req, F make) {
    std::vector<Case> out;
    bool first = true;
    for (DataType t : movedTypes(req)) {
        std::vector<Case> cs = make(t, first);
        for (Case& c : cs) {
            c.allowDegenerate = c.allowDegenerate || !isFloatType(t);
            out.push_back(std::move(c));
        }
        first = false;
    }
    return out;
}

std::vector<Case> reshapeCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool all) {
        std::vector<Case> out;
        if (req.op == "Reshape") {
            std::vector<std::pair<Dims, Dims>> shapes = {{{3, 5, 7}, {5, -1}}, {{2, 17, 33}, {0, 187, 3}}, {{1, 1, 67}, {67}},
                                                         {{0, 5}, {0, 5}},     {{13}, {1, 13, 1}},          {{4, 64, 56}, {-1, 56}}};
            for (size_t i = 0; i < (all ? shapes.size() : 2); ++i)
                out.push_back(makeCase(req, {{"x", data(rng, t, shapes[i].first)}, {"shape", int64Tensor(shapes[i].second), true}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {0, 3})}, {"shape", int64Tensor({3, 0}), true}}, {{"allowzero", int64_t(1)}}));
        } else if (req.op == "Flatten") {
            for (int64_t axis : {int64_t(0), int64_t(1), int64_t(-1), int64_t(2)})
                out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}}, {{"axis", axis}}));
            if (all) out.push_back(makeCase(req, {{"x", data(rng, t, {0, 5, 7})}}, {{"axis", int64_t(1)}}));
        } else if (req.op == "Squeeze") {
            out.push_back(makeCase(req, {{"x", data(rng, t, {1, 3, 1, 5})}, {"axes", int64Tensor({0, 2}), true}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {1, 13, 1})}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {7, 1})}, {"axes", int64Tensor({-1}), true}}));
        } else if (req.op == "Unsqueeze") {
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5})}, {"axes", int64Tensor({0}), true}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {13})}, {"axes", int64Tensor({-1, 0}), true}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {})}, {"axes", int64Tensor({0, 1}), true}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {2, 0})}, {"axes", int64Tensor({1, 3}), true}}));
        } else if (req.op == "Identity") {
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {})}}));
        } else if (req.op == "Dropout") {  // inference: the input itself
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {13})}, {"ratio", floatScalar(DataType::Float32, 0.3), true}}));
        }
        return out;
    });
}

std::vector<Case> transposeCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool all) {
        std::vector<std::pair<Dims, Dims>> shapes = {{{3, 5, 7}, {2, 0, 1}}, {{13, 17}, {1, 0}}, {{2, 3, 5, 7}, {0, 2, 3, 1}},
                                                     {{1, 17, 33}, {0, 2, 1}}, {{2, 0, 3}, {2, 1, 0}}, {{4, 64, 56}, {2, 1, 0}},
                                                     {{2, 3, 4, 5, 6}, {4, 2, 0, 3, 1}}};
        if (req.perf) shapes = {{{8, 64, 56, 56}, {0, 2, 3, 1}}};
        std::vector<Case> out;
        for (size_t i = 0; i < (all ? shapes.size() : 3); ++i)
            out.push_back(makeCase(req, {{"x", data(rng, t, shapes[i].first)}}, {{"perm", shapes[i].second}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}}));  // no perm: reversed axes
        return out;
    });
}

std::vector<Case> expandTileCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool) {
        std::vector<Case> out;
        if (req.op == "Expand") {
            std::vector<std::pair<Dims, Dims>> shapes = {{{3, 1, 5}, {2, 3, 4, 5}}, {{1}, {7}}, {{5}, {1, 1}}, {{3, 1}, {3, 0}}, {{1, 17, 1}, {4, 17, 33}}};
            for (const auto& [x, s] : shapes)
                out.push_back(makeCase(req, {{"x", data(rng, t, x)}, {"shape", int64Tensor(s), true}}));
        } else {
            std::vector<std::pair<Dims, Dims>> shapes = {{{3, 5}, {2, 3}}, {{13}, {1}}, {{1, 3, 1}, {2, 1, 5}}, {{2, 0}, {3, 2}}, {{17, 3}, {1, 11}}};
            for (const auto& [x, r] : shapes)
                out.push_back(makeCase(req, {{"x", data(rng, t, x)}, {"repeats", int64Tensor(r), true}}));
        }
        return out;
    });
}

std::vector<Case> shapeCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool) {
        std::vector<Case> out;
        out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {0, 5})}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {})}}));
        if (req.op == "Shape") {
            out.push_back(makeCase(req, {{"x", data(rng, t, {2, 3, 5, 7})}}, {{"start", int64_t(1)}, {"end", int64_t(-1)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {2, 3, 5, 7})}}, {{"start", int64_t(-3)}}));
        }
        for (Case& c : out) c.allowDegenerate = true;  // Size of an empty tensor is 0
        return out;
    });
}

std::vector<Case> constantCases(const GenRequest& req, Rng& rng) {
    std::vector<Case> out;
    if (req.op == "Constant") {
        out.push_back(makeCase(req, {}, {{"value", randomTensor(rng, DataType::Float32, {3, 5})}}));
        out.push_back(makeCase(req, {}, {{"value", randomTensor(rng, DataType::Int64, {7}, 1, 50)}}));
        out.push_back(makeCase(req, {}, {{"value", randomTensor(rng, DataType::Float16, {})}}));
        return out;
    }
    // ConstantOfShape: the shape input (int64), the value attribute of any type.
    out.push_back(makeCase(req, {{"shape", int64Tensor({2, 3, 5}), true}}, {{"value", tensorOf(DataType::Float32, {1}, {1.5})}}));
    out.push_back(makeCase(req, {{"shape", int64Tensor({13}), true}}, {{"value", tensorOf(DataType::Int64, {1}, {-7})}}));
    out.push_back(makeCase(req, {{"shape", int64Tensor({4}), true}}, {{"value", tensorOf(DataType::Float16, {1}, {0.25})}}));
    Case zeros = makeCase(req, {{"shape", int64Tensor({3, 0}), true}});
    zeros.allowDegenerate = true;
    out.push_back(zeros);
    Case dflt = makeCase(req, {{"shape", int64Tensor({1, 7}), true}});  // no value: fp32 zeros
    dflt.allowDegenerate = true;
    out.push_back(dflt);
    return out;
}

std::vector<Case> rangeCases(const GenRequest& req, Rng&) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    const bool f = isFloatType(t);
    std::vector<std::array<double, 3>> ranges = {{0, 13, 1}, {10, -5, -3}, {2, 2, 1}, {-4, 67, 5}};
    if (f) ranges.push_back({0.5, 3.25, 0.25});
    std::vector<Case> out;
    for (const auto& r : ranges) {
        Case c = makeCase(req, {{"start", floatScalar(t, r[0]), true}, {"limit", floatScalar(t, r[1]), true},
                                {"delta", floatScalar(t, r[2]), true}});
        c.allowDegenerate = true;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> concatSplitCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool all) {
        std::vector<Case> out;
        if (req.op == "Concat") {
            out.push_back(makeCase(req, {{"a", data(rng, t, {3, 5, 7})}, {"b", data(rng, t, {3, 2, 7})}, {"c", data(rng, t, {3, 1, 7})}},
                                   {{"axis", int64_t(1)}}));
            out.push_back(makeCase(req, {{"a", data(rng, t, {13})}, {"b", data(rng, t, {0})}, {"c", data(rng, t, {3})}}, {{"axis", int64_t(0)}}));
            out.push_back(makeCase(req, {{"a", data(rng, t, {2, 17, 33})}, {"b", data(rng, t, {2, 17, 1})}}, {{"axis", int64_t(-1)}}));
            if (all) out.push_back(makeCase(req, {{"a", data(rng, t, {1, 3, 5})}}, {{"axis", int64_t(0)}}));
        } else {
            Case a = makeCase(req, {{"x", data(rng, t, {3, 13, 7})}, {"split", int64Tensor({2, 5, 6}), true}}, {{"axis", int64_t(1)}});
            a.numOutputs = 3;
            out.push_back(a);
            Case b = makeCase(req, {{"x", data(rng, t, {17, 3})}}, {{"axis", int64_t(0)}, {"num_outputs", int64_t(3)}});
            b.numOutputs = 3;  // 6, 6, 5: the last part is smaller
            out.push_back(b);
            Case c = makeCase(req, {{"x", data(rng, t, {2, 6})}, {"split", int64Tensor({0, 6}), true}}, {{"axis", int64_t(-1)}});
            c.numOutputs = 2;
            out.push_back(c);
        }
        return out;
    });
}

std::vector<Case> sliceCases(const GenRequest& req, Rng& rng) {
    const int64_t big = std::numeric_limits<int64_t>::max();
    return perType(req, [&](DataType t, bool all) {
        struct S {
            Dims x, starts, ends, axes, steps;
        };
        std::vector<S> shapes = {
            {{3, 5, 7}, {1}, {4}, {1}, {}},
            {{13}, {-3}, {big}, {}, {}},
            {{3, 5, 7}, {6, 4}, {-big, 0}, {2, 1}, {-2, -1}},
            {{2, 17, 33}, {0, 1, 2}, {2, 17, 33}, {0, 1, 2}, {1, 3, 5}},
            {{4, 5}, {2}, {2}, {0}, {1}},  // empty
            {{1, 1, 67}, {-100}, {100}, {-1}, {7}},
        };
        std::vector<Case> out;
        for (size_t i = 0; i < (all ? shapes.size() : 3); ++i) {
            const S& s = shapes[i];
            std::vector<CaseInput> ins = {{"x", data(rng, t, s.x)}, {"starts", int64Tensor(s.starts), true}, {"ends", int64Tensor(s.ends), true}};
            if (!s.axes.empty() || !s.steps.empty()) ins.push_back({"axes", s.axes.empty() ? Tensor() : int64Tensor(s.axes), true});
            if (!s.steps.empty()) ins.push_back({"steps", int64Tensor(s.steps), true});
            Case c = makeCase(req, ins);
            c.allowDegenerate = i == 4;
            out.push_back(std::move(c));
        }
        return out;
    });
}

std::vector<Case> triluCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool) {
        std::vector<Case> out;
        out.push_back(makeCase(req, {{"x", data(rng, t, {5, 7})}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {2, 13, 6})}, {"k", int64Scalar(-2), true}}, {{"upper", int64_t(0)}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {3, 4, 9})}, {"k", int64Scalar(3), true}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {1, 1})}, {"k", int64Scalar(0), true}}, {{"upper", int64_t(0)}}));
        out.push_back(makeCase(req, {{"x", data(rng, t, {0, 3, 3})}}));
        return out;
    });
}

// Indices in [-len, len): negative ones count from the end.
Tensor indices(Rng& rng, const Dims& d, int64_t len, bool negatives = true) {
    return randomTensor(rng, DataType::Int64, d, negatives ? -len : 0, len - 1);
}

std::vector<Case> gatherCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool) {
        std::vector<Case> out;
        if (req.op == "Gather") {
            out.push_back(makeCase(req, {{"x", data(rng, t, {13, 5})}, {"idx", indices(rng, {7}, 13), true}}, {{"axis", int64_t(0)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 17, 7})}, {"idx", indices(rng, {2, 3}, 17)}}, {{"axis", int64_t(1)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}, {"idx", int64Scalar(-1), true}}, {{"axis", int64_t(-1)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {1000, 33})}, {"idx", indices(rng, {2, 67}, 1000, false)}}, {{"axis", int64_t(0)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {4, 5})}, {"idx", Tensor(DataType::Int64, {0}), true}}));
            Case i32 = makeCase(req, {{"x", data(rng, t, {9, 4})}, {"idx", tensorOf(DataType::Int32, {3}, {8, -9, 0}), true}});
            out.push_back(i32);
        } else if (req.op == "GatherElements") {
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5})}, {"idx", indices(rng, {3, 7}, 5)}}, {{"axis", int64_t(1)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {13, 3, 2})}, {"idx", indices(rng, {4, 3, 2}, 13)}}, {{"axis", int64_t(0)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {2, 17, 33})}, {"idx", indices(rng, {2, 17, 5}, 33)}}, {{"axis", int64_t(-1)}}));
        } else {  // GatherND
            out.push_back(makeCase(req, {{"x", data(rng, t, {5, 7})}, {"idx", indices(rng, {4, 2}, 5, false)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}, {"idx", indices(rng, {2, 1}, 3)}}));
            out.push_back(makeCase(req, {{"x", data(rng, t, {2, 5, 7})}, {"idx", indices(rng, {2, 3, 1}, 5)}}, {{"batch_dims", int64_t(1)}}));
        }
        return out;
    });
}

// Distinct indices (a scatter with reduction 'none' and repeated indices has no defined result).
std::vector<int64_t> distinct(Rng& rng, int64_t n, int64_t len) {
    std::vector<int64_t> all(static_cast<size_t>(len));
    for (int64_t i = 0; i < len; ++i) all[size_t(i)] = i;
    for (size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[size_t(rng.integer(0, int64_t(i) - 1))]);
    all.resize(size_t(n));
    return all;
}

std::vector<Case> scatterCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool all) {
        std::vector<Case> out;
        const std::vector<std::string> reductions = all && t != DataType::Bool ? std::vector<std::string>{"none", "add", "mul", "max", "min"}
                                                                             : std::vector<std::string>{"none"};
        for (const std::string& r : reductions) {
            Attrs attrs;
            if (r != "none") attrs["reduction"] = r;
            if (req.op == "ScatterND") {
                // Rows of a [13, 5] tensor, and single elements of a [3, 5, 7] one.
                std::vector<double> rows;
                for (int64_t v : distinct(rng, 4, 13)) rows.push_back(double(v));
                out.push_back(makeCase(req, {{"x", data(rng, t, {13, 5})}, {"idx", tensorOf(DataType::Int64, {4, 1}, rows)},
                                             {"upd", data(rng, t, {4, 5})}}, attrs));
                std::vector<double> cells;
                for (int64_t v : distinct(rng, 6, 3 * 5 * 7)) {
                    cells.push_back(double(v / 35));
                    cells.push_back(double(v / 7 % 5));
                    cells.push_back(double(v % 7));
                }
                out.push_back(makeCase(req, {{"x", data(rng, t, {3, 5, 7})}, {"idx", tensorOf(DataType::Int64, {6, 3}, cells)},
                                             {"upd", data(rng, t, {6})}}, attrs));
            } else {  // ScatterElements: each row of the index gets distinct positions
                attrs["axis"] = int64_t(1);
                std::vector<double> idx;
                for (int i = 0; i < 3; ++i)
                    for (int64_t v : distinct(rng, 4, 17)) idx.push_back(double(v - (v % 2 ? 17 : 0)));  // some negative
                out.push_back(makeCase(req, {{"x", data(rng, t, {3, 17})}, {"idx", tensorOf(DataType::Int64, {3, 4}, idx)},
                                             {"upd", data(rng, t, {3, 4})}}, attrs));
            }
        }
        return out;
    });
}

std::vector<Case> padCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool all) {
        struct S {
            Dims x, pads;
            std::string mode;
            Dims axes;
        };
        std::vector<S> shapes = {
            {{3, 5, 7}, {0, 1, 2, 0, 2, 1}, "constant", {}},
            {{1, 3, 13, 17}, {0, 0, 1, 2, 0, 0, 2, 1}, "reflect", {}},
            {{2, 17, 33}, {1, 0, 3, 0, 2, 0}, "edge", {}},
            {{13}, {4, 6}, "wrap", {}},
            {{3, 5, 7}, {-1, 2, 1, -2}, "constant", {0, 2}},  // negative pads crop; axes input
            {{0, 4}, {1, 1, 0, 0}, "constant", {}},
        };
        std::vector<Case> out;
        for (size_t i = 0; i < (all ? shapes.size() : 3); ++i) {
            const S& s = shapes[i];
            std::vector<CaseInput> ins = {{"x", data(rng, t, s.x)}, {"pads", int64Tensor(s.pads), true}};
            if (s.mode == "constant" && t != DataType::Bool) ins.push_back({"value", floatScalar(t, isFloatType(t) ? 0.75 : 3), true});
            if (!s.axes.empty()) {
                if (ins.size() == 2) ins.push_back({"value", Tensor(), true});
                ins.push_back({"axes", int64Tensor(s.axes), true});
            }
            out.push_back(makeCase(req, ins, {{"mode", s.mode}}));
        }
        return out;
    });
}

std::vector<Case> resizeCases(const GenRequest& req, Rng& rng) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    struct S {
        Dims x;
        std::vector<float> scales;
        Dims sizes;
        Attrs attrs;
    };
    std::vector<S> shapes = {
        {{1, 3, 5, 7}, {1, 1, 2, 2}, {}, {{"mode", "nearest"}}},
        {{1, 3, 5, 7}, {1, 1, 1.5f, 0.5f}, {}, {{"mode", "nearest"}, {"nearest_mode", "floor"}, {"coordinate_transformation_mode", "asymmetric"}}},
        {{2, 5, 9, 11}, {}, {2, 5, 13, 17}, {{"mode", "linear"}}},
        {{1, 2, 13, 17}, {}, {1, 2, 7, 5}, {{"mode", "linear"}, {"coordinate_transformation_mode", "align_corners"}}},
        {{1, 3, 6, 6}, {1, 1, 2, 2}, {}, {{"mode", "cubic"}}},
        {{1, 3, 6, 6}, {}, {1, 3, 9, 4}, {{"mode", "cubic"}, {"cubic_coeff_a", -0.5f}, {"exclude_outside", int64_t(1)}}},
        {{1, 4, 33}, {1, 1, 0.5f}, {}, {{"mode", "linear"}, {"coordinate_transformation_mode", "pytorch_half_pixel"}}},
        {{1, 2, 16, 16}, {}, {1, 2, 5, 7}, {{"mode", "linear"}, {"antialias", int64_t(1)}}},
        {{1, 3, 5, 7}, {1, 1, 1, 1}, {}, {{"mode", "nearest"}}},
        {{1, 1, 3, 4, 5}, {1, 1, 2, 1.5f, 0.6f}, {}, {{"mode", "linear"}}},
    };
    if (req.perf) shapes = {{{1, 64, 56, 56}, {1, 1, 2, 2}, {}, {{"mode", "linear"}}}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        std::vector<CaseInput> ins = {{"x", isFloatType(t) ? randomTensor(rng, t, s.x) : randomTensor(rng, t, s.x, 0, 100)}, {"roi", Tensor(), true}};
        if (!s.scales.empty()) {
            std::vector<double> v(s.scales.begin(), s.scales.end());
            ins.push_back({"scales", tensorOf(DataType::Float32, {int64_t(v.size())}, v), true});
        } else {
            ins.push_back({"scales", Tensor(), true});
            ins.push_back({"sizes", int64Tensor(s.sizes), true});
        }
        Case c = makeCase(req, ins, s.attrs);
        c.allowDegenerate = !isFloatType(t);
        out.push_back(std::move(c));
    }
    return out;
}

// kiln::Reformat between the linear and channels-last layouts, both ways, ranks 3-5, odd channels.
std::vector<Case> reformatCases(const GenRequest& req, Rng& rng) {
    return perType(req, [&](DataType t, bool all) {
        std::vector<Case> out;
        const std::vector<Dims> shapes = {{1, 3, 13, 17}, {2, 5, 33}, {1, 7, 2, 3, 5}, {0, 3, 4, 4}, {2, 64, 28, 28}};
        for (const char* from : {"linear", "nhwc"})
            for (size_t i = 0; i < (all ? shapes.size() : 2); ++i) {
                const char* to = std::string(from) == "linear" ? "nhwc" : "linear";
                Case c = makeCase(req, {{"x", data(rng, t, shapes[i])}}, {{"from", from}, {"to", to}});
                c.allowDegenerate = numelOf(shapes[i]) == 0;
                out.push_back(std::move(c));
            }
        return out;
    });
}

}  // namespace

void addDataGenerators(GeneratorTable& table) {
    for (const char* op : {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout"}) table[op] = reshapeCases;
    table["Transpose"] = transposeCases;
    table["Expand"] = expandTileCases;
    table["Tile"] = expandTileCases;
    table["Shape"] = shapeCases;
    table["Size"] = shapeCases;
    table["Constant"] = constantCases;
    table["ConstantOfShape"] = constantCases;
    table["Range"] = rangeCases;
    table["Concat"] = concatSplitCases;
    table["Split"] = concatSplitCases;
    table["Slice"] = sliceCases;
    table["Trilu"] = triluCases;
    for (const char* op : {"Gather", "GatherElements", "GatherND"}) table[op] = gatherCases;
    table["ScatterND"] = scatterCases;
    table["ScatterElements"] = scatterCases;
    table["Pad"] = padCases;
    table["Resize"] = resizeCases;
    table["kiln::Reformat"] = reformatCases;
}

}  // namespace kiln::ops
