// kiln_backend_ops: runs every registered kernel of each backend on generated cases and compares it
// with the oracle (docs/backend-ops.md). Usage:
//   kiln_backend_ops [--backend NAME]... [--op NAME] [--tactic NAME] [-v] [--list]
//   kiln_backend_ops --perf [--iterations N] [--backend NAME] [--op NAME]
// Exit status: 0 when every case passed and every registered kernel was exercised (or is in the
// skip list below with its reason), 1 otherwise, 2 on a usage error.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>

#include "tests/backend_ops/runner.h"
#include "tests/unit/emulated_backend.h"

namespace kiln::ops {
namespace {

// Registered kernels no case exercises, each with why. Matched on (op, tactic, dtype); "*" is any.
struct Uncoverable {
    const char* op;
    const char* tactic;
    const char* dtype;
    const char* reason;
};
const Uncoverable kSkipList[] = {
    // The CUDA backend (kernels/cuda) stores fp16/bf16 in fused convolutions for engines with fp16
    // layers; the oracle's fused convolution is fp32 only, so only engines check those types
    // (tests/unit/cuda_backend_test.cpp, scripts/gpu_test.sh's --fp16/--bf16 comparisons).
    // Kiln's depthwise and patch-GEMM tactics (depthwise.cu, patch_gemm.cpp) likewise: their fp16/bf16 Conv cases and
    // fp32 FusedConv cases check the same kernel against the oracle.
    {"kiln::FusedConv", "cudnn,depthwise,patchgemm", "fp16,bf16", "the oracle's fused convolution is fp32 only"},
    // cuDNN's fused attention (kernels/cuda/sdpa.cpp) takes fp16/bf16 tensors only and the oracle's
    // kiln::Attention is fp32 only; CudaBackendTest.StridedAttentionMatchesCpuInFp32AndFp16 and the
    // --fp16/--bf16 engine comparisons of scripts/gpu_test.sh check it against the CPU.
    {"kiln::Attention", "cudnn_sdpa", "fp16,bf16", "the oracle's attention is fp32 only"},
    // CastLike's cases have no rank 3-5 activation, so its channels-last form (the one the builder
    // gives a CastLike between NHWC layers) gets none; Cast's NHWC form runs the same kernel.
    {"CastLike", "reference", "*", "no CastLike case is channels-last (Cast's NHWC cases run its kernel)"},
    // Control flow: a case is a node with graph attributes (its bodies), which this harness's
    // single-node cases cannot hold; the CPU layer runs the bodies through the reference executor.
    // tests/unit/control_flow_test.cpp (against hand results and ONNX Runtime) and the ONNX node
    // tests (conformance: test_if, test_loop11, test_scan9_sum, ...) check them.
    {"If", "reference", "*", "a case needs graph-valued attributes (bodies): tests/unit/control_flow_test.cpp"},
    {"Loop", "reference", "*", "a case needs graph-valued attributes (bodies): tests/unit/control_flow_test.cpp"},
    {"Scan", "reference", "*", "a case needs graph-valued attributes (bodies): tests/unit/control_flow_test.cpp"},
};

// Failures of real kernel bugs, reported and kept visible until fixed: the case still runs and
// prints, as KNOWN FAIL with the reason, and does not fail the run. Matched on backend, op, tactic,
// dtype ("*": any) and a fragment of the case's printed label ("": any).
struct KnownFailure {
    const char* backend;
    const char* op;
    const char* tactic;
    const char* dtype;
    const char* labelFragment;
    const char* reason;
};
// Empty today (the integer Erf the harness found rounded where ONNX truncates; fixed).
const std::vector<KnownFailure> kKnownFailures = {};

// "*" matches anything; otherwise a comma-separated list of values.
// "faulty": the harness's own check, a host backend whose only kernel, an fp32 Relu, has a tail bug
// (the last element is never written, so it stays poisoned). `kiln_backend_ops --backend faulty`
// must report it as a FAIL with the element; ctest's backend_ops.faulty checks that it does.
void faultyRelu(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t i = 0; i + 1 < x.numel(); ++i) y.data<float>()[i] = std::max(x.data<float>()[i], 0.f);
}

void registerFaultyBackend() {
    static std::once_flag once;
    std::call_once(once, [] {
        static KernelRegistry* registry = [] {
            auto* r = new KernelRegistry;
            r->add("Relu", KernelDef{faultyRelu, {DataType::Float32}});
            return r;
        }();
        BackendRegistry::global().add({"faulty", "a Relu with a tail bug (the harness's self-check)",
                                       [](int) { return makeHostBackend("faulty", *registry); }, nullptr});
    });
}

bool matches(const char* pattern, const std::string& value) {
    if (std::strcmp(pattern, "*") == 0) return true;
    std::stringstream list(pattern);
    std::string item;
    while (std::getline(list, item, ','))
        if (item == value) return true;
    return false;
}

struct Options {
    std::vector<std::string> backends;
    std::string op, tactic;
    bool verbose = false, perf = false, list = false;
    int iterations = 20;
};

void usage() {
    std::cout
        << "usage: kiln_backend_ops [--backend NAME]... [--op NAME] [--tactic NAME] [-v] [--list]\n"
           "       kiln_backend_ops --perf [--iterations N] [--backend NAME] [--op NAME] [--tactic NAME]\n"
           "Runs every kernel of each backend (default: every available one but the oracle) on\n"
           "generated cases and compares it with the oracle (the naive kernels). 'emulated' is the\n"
           "runtime tests' emulated device (device copies, NHWC); 'oracle' checks the generators.\n";
}

std::string opKey(const std::string& op, const std::string& domain) {
    return domain.empty() ? op : domain + "::" + op;
}

std::string typeText(DataType t) {
    return t == DataType::Undefined ? std::string("any") : std::string(dataTypeName(t));
}

// The input-0 types a def declares (the coverage axis); {Undefined} when it takes any.
std::vector<DataType> declaredTypes(const KernelDef& def) {
    const TypeSet& t = def.inputTypes.empty() ? def.types : def.inputTypes[0];
    return t.empty() ? std::vector<DataType>{DataType::Undefined} : t;
}

std::string kernelText(const std::string& key, const KernelDef& def, const std::string& variant,
                       DataType dtype) {
    return concat(key, "(tactic=", def.tactic, variant.empty() ? "" : "#", variant, ", ",
                  precisionName(def.precision), ", ", tensorFormatName(def.format), ", ", typeText(dtype),
                  ")");
}

DataType caseType(const Case& c) {
    return c.inputs.empty() || !c.inputs[0].tensor.defined() ? DataType::Undefined
                                                             : c.inputs[0].tensor.dtype();
}

struct Totals {
    int passed = 0, failed = 0, knownFailed = 0, notApplicable = 0, badCases = 0, uncovered = 0, skipped = 0;
};

// Cases and their references, made once per (op, dtype) and shared by every kernel and backend.
struct CaseSet {
    std::vector<Case> cases;
    std::vector<Reference> refs;
    bool reported = false;  // bad cases printed once
};

// Calls fn(key, op, domain, def) for every registered kernel, "domain::Op" keys split; with
// `filtered`, only those the --op and --tactic options select.
template <typename Fn>
void forEachKernel(const KernelRegistry& registry, const Options& o, bool filtered, Fn&& fn) {
    for (const std::string& key : registry.opTypes()) {
        const size_t sep = key.find("::");
        const std::string domain = sep == std::string::npos ? "" : key.substr(0, sep);
        const std::string op = sep == std::string::npos ? key : key.substr(sep + 2);
        if (filtered && !o.op.empty() && o.op != op && o.op != key) continue;
        for (const KernelDef* def : registry.findAll(op, domain)) {
            if (filtered && !o.tactic.empty() && def->tactic != o.tactic) continue;
            fn(key, op, domain, *def);
        }
    }
}

class Harness {
public:
    explicit Harness(Options o) : o_(std::move(o)) {}

    int run();

private:
    CaseSet& casesFor(const std::string& op, const std::string& domain, DataType dtype);
    Totals testBackend(const Backend& backend);
    void perfBackend(const Backend& backend);
    const KnownFailure* knownFailure(const Backend& b, const std::string& key, const KernelDef& def,
                                     DataType dtype, const std::string& label) const;

    Options o_;
    std::map<std::tuple<std::string, DataType, bool>, CaseSet> cache_;
};

CaseSet& Harness::casesFor(const std::string& op, const std::string& domain, DataType dtype) {
    auto key = std::make_tuple(opKey(op, domain), dtype, o_.perf);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    CaseSet& set = cache_[key];
    auto gen = generators().find(opKey(op, domain));
    if (gen == generators().end()) return set;
    // The seed: the op and the type, so a case's data never depends on what else runs.
    uint64_t seed = 1469598103934665603ull;
    for (char ch : opKey(op, domain) + std::string(typeText(dtype)))
        seed = (seed ^ uint8_t(ch)) * 1099511628211ull;
    Rng rng(seed);
    set.cases = gen->second(GenRequest{op, domain, dtype, o_.perf}, rng);
    if (!o_.perf)
        for (const Case& c : set.cases) set.refs.push_back(runReference(c));
    return set;
}

const Uncoverable* skipListed(const std::string& key, const KernelDef& def, DataType dtype) {
    for (const Uncoverable& s : kSkipList)
        if (*s.op && key == s.op && matches(s.tactic, def.tactic) && matches(s.dtype, typeText(dtype))) return &s;
    return nullptr;
}

const KnownFailure* Harness::knownFailure(const Backend& b, const std::string& key, const KernelDef& def,
                                          DataType dtype, const std::string& label) const {
    for (const KnownFailure& k : kKnownFailures) {
        if (b.id() == k.backend && key == k.op && matches(k.tactic, def.tactic) &&
            matches(k.dtype, typeText(dtype)) && label.find(k.labelFragment) != std::string::npos)
            return &k;
    }
    return nullptr;
}

std::string shortNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
}

Totals Harness::testBackend(const Backend& backend) {
    Totals t;
    const KernelRegistry& registry = backend.kernels();
    std::unique_ptr<Stream> stream = backend.createStream();
    std::vector<std::string> uncovered;
    forEachKernel(
        registry, o_, true,
        [&](const std::string& key, const std::string& op, const std::string& domain,
            const KernelDef& kernel) {
            const KernelDef* def = &kernel;
            // The variants a builder would time, each run as a kernel of its own.
            std::vector<TacticVariant> variants{{"", ""}};
            for (DataType dtype : declaredTypes(*def)) {
                CaseSet& set = casesFor(op, domain, dtype);
                // A skip-listed kernel type is one the oracle lacks: its cases' "the oracle takes
                // no fp16" is the reason it is listed, not a harness bug.
                const Uncoverable* skipped = skipListed(key, *def, dtype);
                if (!set.reported && !skipped) {
                    set.reported = true;
                    for (size_t i = 0; i < set.cases.size(); ++i) {
                        const Reference& ref = set.refs[i];
                        if (ref.error.empty() && ref.degenerate.empty()) continue;
                        ++t.badCases;
                        std::cout << "  " << key << " " << set.cases[i].label() << ": BAD CASE (harness bug: "
                                  << (ref.error.empty() ? ref.degenerate : ref.error) << ")\n";
                    }
                }
                bool exercised = false;
                for (size_t i = 0; i < set.cases.size(); ++i) {
                    const Case& c = set.cases[i];
                    const Reference& ref = set.refs[i];
                    if (!ref.outsideOp.empty()) {  // the op is not defined there: nothing to check
                        ++t.notApplicable;
                        continue;
                    }
                    if (!ref.error.empty() || !ref.degenerate.empty() || !typesAccepted(*def, c, ref))
                        continue;
                    if (def->variants) {
                        auto cg = buildCaseGraph(c, &ref.outputs);
                        variants = def->variants(
                            PrepareContext{*cg->node, backend, def->precision, def->format, ""});
                    }
                    for (const TacticVariant& v : variants) {
                        const Trial trial = runTrial({&backend, def, v.data}, c, ref, *stream);
                        const std::string line =
                            concat("  ", kernelText(key, *def, v.label, caseType(c)), " ", c.label(),
                                   c.note.empty() ? "" : " (", c.note, c.note.empty() ? "" : ")");
                        switch (trial.status) {
                            case TrialStatus::Ok:
                                ++t.passed;
                                exercised = true;
                                std::cout << line << ": OK (max err " << shortNumber(trial.maxAbsError);
                                if (o_.verbose) std::cout << ", nmse " << shortNumber(trial.nmse);
                                std::cout << ")\n";
                                break;
                            case TrialStatus::NotApplicable:
                                ++t.notApplicable;
                                if (o_.verbose)
                                    std::cout << line << ": not applicable (" << trial.detail << ")\n";
                                break;
                            case TrialStatus::Fail:
                                exercised = true;
                                if (const KnownFailure* k =
                                        knownFailure(backend, key, *def, caseType(c), c.label())) {
                                    ++t.knownFailed;
                                    std::cout << line << ": KNOWN FAIL (" << k->reason
                                              << "): " << trial.detail << "\n";
                                } else {
                                    ++t.failed;
                                    std::cout << line << ": FAIL " << trial.detail << "\n";
                                }
                                break;
                        }
                    }
                }
                if (exercised || !o_.op.empty() || !o_.tactic.empty()) continue;
                const std::string what = kernelText(key, *def, "", dtype);
                if (const Uncoverable* skip = skipped) {
                    ++t.skipped;
                    if (o_.verbose) std::cout << "  " << what << ": skipped (" << skip->reason << ")\n";
                } else {
                    uncovered.push_back(what + (set.cases.empty()
                                                    ? ": no case generator for this type"
                                                    : ": every case was not applicable or not accepted"));
                }
            }
        });
    t.uncovered = int(uncovered.size());
    if (!uncovered.empty()) {
        std::cout << backend.id() << ": " << uncovered.size()
                  << " registered kernel(s) that no case exercised:\n";
        for (const std::string& u : uncovered) std::cout << "  UNCOVERED " << u << "\n";
    }
    return t;
}

void Harness::perfBackend(const Backend& backend) {
    const KernelRegistry& registry = backend.kernels();
    std::unique_ptr<Stream> stream = backend.createStream();
    std::unique_ptr<Timer> timer = backend.createKernelTimer();
    forEachKernel(
        registry, o_, true,
        [&](const std::string& key, const std::string& op, const std::string& domain,
            const KernelDef& kernel) {
            const KernelDef* def = &kernel;
            for (DataType dtype : declaredTypes(*def)) {
                // Floats, and uint8 for the quantized ops (their activations' usual type).
                if (dtype != DataType::Float32 && dtype != DataType::Undefined && dtype != DataType::Float16 &&
                    dtype != DataType::UInt8)
                    continue;
                CaseSet& set = casesFor(op, domain, dtype);
                for (const Case& c : set.cases) {
                    bool typesOk = true;
                    for (size_t i = 0; i < c.inputs.size(); ++i)
                        typesOk = typesOk && (!c.inputs[i].tensor.defined() ||
                                              def->acceptsInput(i, c.inputs[i].tensor.dtype()));
                    if (!typesOk) continue;
                    std::vector<TacticVariant> variants{{"", ""}};
                    if (def->variants) {
                        auto cg = buildCaseGraph(c, nullptr);
                        variants = def->variants(
                            PrepareContext{*cg->node, backend, def->precision, def->format, ""});
                    }
                    for (const TacticVariant& v : variants) {
                        std::cout << "  " << kernelText(key, *def, v.label, caseType(c)) << " " << c.label()
                                  << ": ";
                        try {
                            std::optional<double> us =
                                timeKernel({&backend, def, v.data}, c, *stream, *timer, o_.iterations);
                            if (!us) {
                                std::cout << "not applicable\n";
                                continue;
                            }
                            char buf[96];
                            std::snprintf(buf, sizeof buf, "%10.1f us", *us);
                            std::cout << buf;
                            if (c.flops > 0) {
                                std::snprintf(buf, sizeof buf, "  %8.2f GFLOP/s", c.flops / (*us * 1e3));
                                std::cout << buf;
                            }
                            std::cout << "\n";
                        } catch (const std::exception& e) {
                            std::cout << "threw: " << e.what() << "\n";
                        }
                    }
                }
            }
        });
}

int Harness::run() {
    BackendRegistry& registry = BackendRegistry::global();
    std::vector<std::string> names = o_.backends;
    if (names.empty())
        for (const std::string& id : registry.ids())
            if (id != "oracle" && id != "emulated" && id != "faulty") names.push_back(id);
    const bool requireCuda =
        std::getenv("KILN_REQUIRE_CUDA") && std::string(std::getenv("KILN_REQUIRE_CUDA")) == "1";
    bool failed = false;
    for (const std::string& name : names) {
        if (name == "emulated") test::registerEmulatedBackend();
        if (name == "faulty") registerFaultyBackend();
        std::string why;
        if (!registry.known(name)) {
            why = "not built into this Kiln (known backends: " + [&] {
                std::string s;
                for (const std::string& id : registry.ids()) {
                    if (!s.empty()) s += ", ";
                    s += id;
                }
                return s;
            }() + ")";
        } else if (!registry.available(name, &why)) {
            // `why` says what is missing.
        } else {
            why.clear();
        }
        if (!why.empty()) {
            std::cout << name << ": skipped: " << why << "\n";
            failed = failed || (!o_.backends.empty() && (name != "cuda" || requireCuda));
            continue;
        }
        std::shared_ptr<const Backend> backend = registry.get(name);
        std::cout << "Backend " << name << ": " << backend->deviceName() << ", " << backend->kernels().size()
                  << " kernels\n";
        if (o_.list) {
            forEachKernel(
                backend->kernels(), o_, false,
                [](const std::string& key, const std::string&, const std::string&, const KernelDef& def) {
                    std::string types;
                    for (DataType d : declaredTypes(def)) {
                        if (!types.empty()) types += ",";
                        types += typeText(d);
                    }
                    std::cout << "  " << key << " tactic=" << def.tactic << " "
                              << precisionName(def.precision) << " " << tensorFormatName(def.format) << " ["
                              << types << "]" << (generators().count(key) ? "" : "  (no generator)") << "\n";
                });
            continue;
        }
        if (o_.perf) {
            perfBackend(*backend);
            continue;
        }
        const Totals t = testBackend(*backend);
        const int total = t.passed + t.failed + t.knownFailed;
        std::cout << name << ": " << t.passed << "/" << total << " cases passed, " << t.notApplicable
                  << " not applicable, " << t.uncovered << " uncovered";
        if (t.knownFailed) std::cout << ", " << t.knownFailed << " known failures";
        if (t.skipped) std::cout << ", " << t.skipped << " skipped (skip list)";
        if (t.badCases) std::cout << ", " << t.badCases << " BAD CASES (harness bugs)";
        std::cout << (t.failed || t.uncovered || t.badCases ? "  -- FAILED" : "") << "\n";
        failed = failed || t.failed || t.uncovered || t.badCases;
    }
    return failed ? 1 : 0;
}

}  // namespace
}  // namespace kiln::ops

int main(int argc, char** argv) {
    kiln::ops::Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                kiln::ops::usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--backend" || a == "-b")
            o.backends.push_back(value());
        else if (a == "--op" || a == "-o")
            o.op = value();
        else if (a == "--tactic" || a == "-t")
            o.tactic = value();
        else if (a == "--iterations")
            o.iterations = std::max(1, std::atoi(value().c_str()));
        else if (a == "-v" || a == "--verbose")
            o.verbose = true;
        else if (a == "--perf")
            o.perf = true;
        else if (a == "--list")
            o.list = true;
        else if (a == "-h" || a == "--help") {
            kiln::ops::usage();
            return 0;
        } else {
            std::cerr << "unknown argument '" << a << "'\n";
            kiln::ops::usage();
            return 2;
        }
    }
    try {
        return kiln::ops::Harness(o).run();
    } catch (const std::exception& e) {
        std::cerr << "kiln_backend_ops: " << e.what() << "\n";
        return 1;
    }
}
