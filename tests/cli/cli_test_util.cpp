#include "cli_test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace kiln::clitest {

std::vector<std::string> RunResult::errLines() const {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

RunResult runKiln(const std::vector<std::string>& args, int timeoutS,
                  const std::vector<std::pair<std::string, std::string>>& env) {
    TempDir io;
    std::string outPath = io / "stdout", errPath = io / "stderr";
    std::vector<std::string> argvStrings{KILN_CLI_PATH};
    argvStrings.insert(argvStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argvStrings) argv.push_back(s.data());
    argv.push_back(nullptr);

    RunResult r;
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int o = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0) _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        // Keep the tests light on a shared 2-core machine.
        setenv("OMP_NUM_THREADS", "2", 0);
        for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    struct rusage usage {};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutS);
    while (true) {
        pid_t done = wait4(pid, &status, WNOHANG, &usage);
        if (done == pid) {
            r.peakRssKiB = usage.ru_maxrss;
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            r.timedOut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFSIGNALED(status)) {
        r.signaled = true;
        r.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        r.exitCode = WEXITSTATUS(status);
    }
    r.out = readFile(outPath);
    r.err = readFile(errPath);
    return r;
}

void expectCleanError(const RunResult& r, int exitCode, const std::vector<std::string>& mentions) {
    EXPECT_FALSE(r.timedOut) << "kiln timed out";
    EXPECT_FALSE(r.signaled) << "kiln died of signal " << r.signal << "\nstderr: " << r.err;
    EXPECT_EQ(r.exitCode, exitCode) << "stderr: " << r.err << "\nstdout: " << r.out;
    std::vector<std::string> lines = r.errLines();
    // KILN_CLI_TEST_VERBOSE=1 shows every error line, to review their wording.
    if (std::getenv("KILN_CLI_TEST_VERBOSE"))
        std::printf("    [stderr, exit %d] %s", r.exitCode, r.err.c_str());
    ASSERT_EQ(lines.size(), 1u) << "expected exactly one error line, got:\n" << r.err;
    EXPECT_EQ(lines[0].rfind("kiln: ", 0), 0u) << lines[0];
    for (const std::string& m : mentions)
        EXPECT_NE(lines[0].find(m), std::string::npos)
            << "the error line should mention '" << m << "': " << lines[0];
}

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kiln_cli_XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
    if (!f) throw std::runtime_error("cannot write " + path);
}

std::string readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

onnx::ModelProto makeModel(int64_t opset) {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.set_producer_name("kiln-cli-test");
    m.set_producer_version("1.0");
    auto* op = m.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    m.mutable_graph()->set_name("test_graph");
    return m;
}

namespace {
void fillValueInfo(onnx::ValueInfoProto* vi, const std::string& name, int elemType,
                   const std::vector<DimSpec>& dims) {
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elemType);
    auto* shape = tt->mutable_shape();
    for (const DimSpec& d : dims) {
        auto* dim = shape->add_dim();
        if (std::holds_alternative<int64_t>(d))
            dim->set_dim_value(std::get<int64_t>(d));
        else
            dim->set_dim_param(std::get<std::string>(d));
    }
}
}  // namespace

void addInput(onnx::ModelProto& m, const std::string& name, int elemType, const std::vector<DimSpec>& dims) {
    fillValueInfo(m.mutable_graph()->add_input(), name, elemType, dims);
}

void addOutput(onnx::ModelProto& m, const std::string& name, int elemType, const std::vector<DimSpec>& dims) {
    fillValueInfo(m.mutable_graph()->add_output(), name, elemType, dims);
}

onnx::NodeProto* addNode(onnx::ModelProto& m, const std::string& op, const std::vector<std::string>& inputs,
                         const std::vector<std::string>& outputs, const std::string& name,
                         const std::string& domain) {
    auto* n = m.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name);
    if (!domain.empty()) n->set_domain(domain);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return n;
}

onnx::TensorProto floatTensor(const std::string& name, const std::vector<int64_t>& dims,
                              const std::vector<float>& v) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t.add_dims(d);
    t.set_raw_data(std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
    return t;
}

onnx::TensorProto int64Tensor(const std::string& name, const std::vector<int64_t>& dims,
                              const std::vector<int64_t>& v) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims) t.add_dims(d);
    for (int64_t x : v) t.add_int64_data(x);
    return t;
}

void saveModel(const onnx::ModelProto& m, const std::string& path) {
    writeFile(path, m.SerializeAsString());
}
void saveTensor(const onnx::TensorProto& t, const std::string& path) {
    writeFile(path, t.SerializeAsString());
}

static const std::vector<float> kTinyBias = {0.5f, -1.0f, 2.0f, 0.0f};

onnx::ModelProto tinyModel() {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {std::string("batch"), int64_t(4)});
    *m.mutable_graph()->add_initializer() = floatTensor("b", {4}, kTinyBias);
    addNode(m, "Relu", {"x"}, {"r"}, "relu_0");
    addNode(m, "Add", {"r", "b"}, {"y"}, "add_0");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {std::string("batch"), int64_t(4)});
    return m;
}

std::vector<float> tinyModelReference(const std::vector<float>& x) {
    std::vector<float> y(x.size());
    for (size_t i = 0; i < x.size(); ++i) y[i] = std::max(x[i], 0.0f) + kTinyBias[i % 4];
    return y;
}

void writeNpy(const std::string& path, const std::string& descr, const std::vector<int64_t>& dims,
              const void* data, size_t bytes) {
    std::string shape = "(";
    for (size_t i = 0; i < dims.size(); ++i)
        shape += std::to_string(dims[i]) + (dims.size() == 1 || i + 1 < dims.size() ? "," : "");
    shape += ")";
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending "\n".
    size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char(header.size() >> 8);
    out += header;
    out.append(static_cast<const char*>(data), bytes);
    writeFile(path, out);
}

// --- JSON ---------------------------------------------------------------------------------------

const Json& Json::operator[](const std::string& key) const {
    for (const auto& [k, v] : object)
        if (k == key) return v;
    throw std::runtime_error("JSON key '" + key + "' missing");
}

bool Json::has(const std::string& key) const {
    for (const auto& [k, v] : object)
        if (k == key) return true;
    return false;
}

namespace {
struct JsonParser {
    const std::string& s;
    size_t i = 0;

    [[noreturn]] void error(const std::string& what) {
        throw std::runtime_error("JSON: " + what + " at offset " + std::to_string(i));
    }
    void ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
    }
    bool consume(const char* lit) {
        size_t n = std::strlen(lit);
        if (s.compare(i, n, lit) != 0) return false;
        i += n;
        return true;
    }
    std::string str() {
        if (s[i] != '"') error("expected string");
        ++i;
        std::string out;
        while (i < s.size() && s[i] != '"') {
            char c = s[i++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i >= s.size()) error("bad escape");
            char e = s[i++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    if (i + 4 > s.size()) error("bad \\u escape");
                    unsigned code = std::stoul(s.substr(i, 4), nullptr, 16);
                    i += 4;
                    if (code < 0x80)
                        out += char(code);
                    else
                        out += '?';
                    break;
                }
                default:
                    out += e;
            }
        }
        if (i >= s.size()) error("unterminated string");
        ++i;
        return out;
    }
    Json value() {
        ws();
        if (i >= s.size()) error("unexpected end");
        Json j;
        char c = s[i];
        if (c == '{') {
            j.kind = Json::Kind::Object;
            ++i;
            ws();
            if (s[i] == '}') {
                ++i;
                return j;
            }
            while (true) {
                ws();
                std::string k = str();
                ws();
                if (s[i++] != ':') error("expected ':'");
                j.object.push_back({k, value()});
                ws();
                if (s[i] == ',') {
                    ++i;
                    continue;
                }
                if (s[i] == '}') {
                    ++i;
                    return j;
                }
                error("expected ',' or '}'");
            }
        }
        if (c == '[') {
            j.kind = Json::Kind::Array;
            ++i;
            ws();
            if (s[i] == ']') {
                ++i;
                return j;
            }
            while (true) {
                j.array.push_back(value());
                ws();
                if (s[i] == ',') {
                    ++i;
                    continue;
                }
                if (s[i] == ']') {
                    ++i;
                    return j;
                }
                error("expected ',' or ']'");
            }
        }
        if (c == '"') {
            j.kind = Json::Kind::String;
            j.string = str();
            return j;
        }
        if (consume("true")) {
            j.kind = Json::Kind::Bool;
            j.boolean = true;
            return j;
        }
        if (consume("false")) {
            j.kind = Json::Kind::Bool;
            return j;
        }
        if (consume("null")) return j;
        size_t end = i;
        while (end < s.size() && std::strchr("+-0123456789.eE", s[end])) ++end;
        if (end == i) error("unexpected character");
        j.kind = Json::Kind::Number;
        j.number = std::stod(s.substr(i, end - i));
        i = end;
        return j;
    }
};
}  // namespace

Json parseJson(const std::string& text) {
    JsonParser p{text};
    Json j = p.value();
    p.ws();
    if (p.i != text.size()) p.error("trailing characters");
    return j;
}

}  // namespace kiln::clitest
