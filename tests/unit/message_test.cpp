// The message catalogue (engine_core/common/message_catalogue.def) and kiln::Message / kiln::Error:
// every template is well formed and used, a Message forms the library's English, wrapping keeps
// the inner Message, and free text still works for code not converted yet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/shape.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"

namespace kiln::test {
namespace {

std::vector<Msg> allIds() {
    std::vector<Msg> ids;
    for (size_t i = 0; i < kMessageCount; ++i) ids.push_back(Msg(i));
    return ids;
}

std::set<std::string> placeholderSet(std::string_view templ) {
    std::vector<std::string> names = templatePlaceholders(templ);
    return {names.begin(), names.end()};
}

TEST(MessageCatalogue, TemplatesAreWellFormedAndDistinct) {
    std::map<std::string_view, Msg> byTemplate;
    std::set<std::string_view> names;
    for (Msg id : allIds()) {
        const std::string_view templ = englishTemplate(id);
        bool wellFormed = false;
        templatePlaceholders(templ, &wellFormed);
        EXPECT_TRUE(wellFormed) << messageIdName(id) << ": " << templ;
        EXPECT_FALSE(templ.empty()) << messageIdName(id);
        EXPECT_TRUE(names.insert(messageIdName(id)).second) << "id named twice: " << messageIdName(id);
        const auto [it, inserted] = byTemplate.emplace(templ, id);
        EXPECT_TRUE(inserted) << messageIdName(id) << " repeats the template of " << messageIdName(it->second)
                              << ": " << templ;
    }
    EXPECT_EQ(englishTemplate(Msg::FreeText), "{text}");
}

TEST(MessageCatalogue, MalformedTemplatesAreRecognised) {
    bool ok = true;
    for (const char* bad : {"{", "}", "a {b", "a {} b", "{1x}", "{a b}", "x}y"}) {
        templatePlaceholders(bad, &ok);
        EXPECT_FALSE(ok) << bad;
    }
    EXPECT_EQ(templatePlaceholders("{{literal}} {a} {b2} {a}", &ok),
              (std::vector<std::string>{"a", "b2", "a"}));
    EXPECT_TRUE(ok);
}

// Call sites name the arguments with msg<Msg::Id>("name"_a = value), which the compiler checks
// against the template; these are the checks it makes.
TEST(MessageCatalogue, ArgumentNamesAreCheckedAtCompileTime) {
    constexpr std::string_view exact[] = {"what", "file"};
    constexpr std::string_view reversed[] = {"file", "what"};
    constexpr std::string_view missing[] = {"file"};
    constexpr std::string_view unknown[] = {"what", "path"};
    constexpr std::string_view twice[] = {"what", "file", "file"};
    static_assert(message_detail::argumentsMatch(Msg::FileMissing, exact));
    static_assert(message_detail::argumentsMatch(Msg::FileMissing, reversed));
    static_assert(!message_detail::argumentsMatch(Msg::FileMissing, missing));
    static_assert(!message_detail::argumentsMatch(Msg::FileMissing, unknown));
    static_assert(!message_detail::argumentsMatch(Msg::FileMissing, twice));
    static_assert(message_detail::argumentsMatch(Msg::NoImporter));
    static_assert(!message_detail::argumentsMatch(Msg::FileMissing));
    // A placeholder used twice in the template ("{prefix}_{index}.pb without {prefix}_...") is named once.
    constexpr std::string_view gap[] = {"folder", "prefix", "index", "expected"};
    static_assert(message_detail::argumentsMatch(Msg::NumberedFileGap, gap));
    SUCCEED();
}

// Every id but FreeText is used by some library or CLI source file: no id is left in the
// catalogue after its sentence went away.
TEST(MessageCatalogue, EveryIdIsUsed) {
    namespace fs = std::filesystem;
    std::string sources;
    for (const char* dir : {"engine_core", "kernels", "profiler", "app/kiln"}) {
        for (const auto& e : fs::recursive_directory_iterator(fs::path(KILN_SOURCE_DIR) / dir)) {
            const std::string ext = e.path().extension().string();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
            if (e.path().filename().string().rfind("message_catalogue", 0) == 0) continue;
            std::ifstream in(e.path());
            std::stringstream ss;
            ss << in.rdbuf();
            sources += ss.str();
        }
    }
    ASSERT_FALSE(sources.empty());
    for (Msg id : allIds()) {
        if (id == Msg::FreeText) continue;
        const std::regex use("Msg::" + std::string(messageIdName(id)) + "\\b");
        EXPECT_TRUE(std::regex_search(sources, use)) << "unused catalogue id " << messageIdName(id);
    }
}

TEST(Message, FormsTheEnglishFromTheTemplate) {
    const Message m = msg<Msg::FileMissing>("what"_a = msg<Msg::NounModelFile>(), "file"_a = "a/b.onnx");
    EXPECT_EQ(m.text(), "model file 'a/b.onnx' does not exist");
    EXPECT_EQ(m.id(), Msg::FileMissing);
    ASSERT_NE(m.arg("what"), nullptr);
    ASSERT_NE(m.arg("what")->nested, nullptr);
    EXPECT_EQ(m.arg("what")->nested->id(), Msg::NounModelFile);
    EXPECT_EQ(m.arg("file")->text, "a/b.onnx");
    // Values go through operator<<, as concat() does; a value holding "{x}" is not filled again.
    EXPECT_EQ(msg<Msg::InputCountNot>("count"_a = size_t(3), "expected"_a = 2).text(),
              "has 3 inputs, expected 2");
    EXPECT_EQ(msg<Msg::NounAttribute>("name"_a = "{name}").text(), "attribute '{name}'");
    EXPECT_EQ(fillTemplate("{{a}} {a}}}", [](std::string_view n) { return "<" + std::string(n) + ">"; }),
              "{a} <a>}");
}

TEST(Message, FreeTextIsKeptAsItIs) {
    const Message m("something {odd}");
    EXPECT_TRUE(m.isFreeText());
    EXPECT_EQ(m.text(), "something {odd}");
    EXPECT_TRUE(Message().text().empty());
    try {
        KILN_CHECK(false, Unsupported, "free ", 3, " text");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        EXPECT_STREQ(e.what(), "free 3 text");
        EXPECT_TRUE(e.message().isFreeText());
        EXPECT_EQ(e.message().text(), "free 3 text");
    }
}

TEST(Message, ErrorsKeepTheirMessageAndWrappingKeepsTheCause) {
    try {
        try {
            (void)parseDims("1xq");
            FAIL();
        } catch (const Error& inner) {
            EXPECT_EQ(inner.message().id(), Msg::ShapeTextBadDim);
            fail(ErrorKind::InvalidArgument,
                 msg<Msg::ShapeSpecBadDims>("flag"_a = "shapes", "item"_a = "x:1xq",
                                            "cause"_a = inner.message()));
        }
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "--shapes 'x:1xq': bad shape '1xq': 'q' is not a non-negative integer");
        EXPECT_EQ(e.message().id(), Msg::ShapeSpecBadDims);
        ASSERT_NE(e.message().cause(), nullptr);
        EXPECT_EQ(e.message().cause()->id(), Msg::ShapeTextBadDim);
        EXPECT_EQ(e.message().cause()->arg("dim")->text, "q");
        // Copies of an exception share the message.
        const Error copy = e;
        EXPECT_EQ(copy.message(), e.message());
    }
}

TEST(Message, LibraryErrorsAreStructuredAndWordedAsBefore) {
    // The English is byte-identical to the sentences the CLI printed before the catalogue.
    try {
        importOnnxFile("/no/such/model.onnx");
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "model file '/no/such/model.onnx' does not exist");
        EXPECT_EQ(e.message().id(), Msg::FileMissing);
        EXPECT_EQ(e.kind(), ErrorKind::Io);
    }
    try {
        parseShapeSpecs({"x:1xq"}, "shapes");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.message().id(), Msg::ShapeSpecBadDims);
        EXPECT_EQ(e.message().cause()->id(), Msg::ShapeTextBadDim);
    }
}

TEST(Message, EqualityComparesIdsAndArguments) {
    EXPECT_EQ(msg<Msg::NoImporter>(), msg<Msg::NoImporter>());
    EXPECT_NE(msg<Msg::NoImporter>(), msg<Msg::ResizeHasScalesAndSizes>());
    EXPECT_EQ(msg<Msg::InputEmpty>("index"_a = 1), msg<Msg::InputEmpty>("index"_a = "1"));
    EXPECT_NE(msg<Msg::InputEmpty>("index"_a = 1), msg<Msg::InputEmpty>("index"_a = 2));
    EXPECT_EQ(Message("a"), Message("a"));
}

}  // namespace
}  // namespace kiln::test
