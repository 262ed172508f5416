// LibraryText: the GUI's translation layer for text that engine_core, kernels and the profiler
// produce in English (kiln::Error messages, importer warnings, build progress summaries, pass,
// fusion and tactic names, ErrorKind names, comparison statuses). The libraries stay free of Qt
// and of translations.
//
// A kiln::Message (engine_core/common/message.h) is translated by its catalogue id: a table
// (library_messages.cpp) gives each id a tr() template with the same named placeholders as the
// library's English ("model file '{file}' does not exist"); names, files and shapes are filled in
// verbatim, nested messages (a wrapped error's {cause}) are translated in turn. The English wording
// is never consulted, so the library may reword a sentence without breaking a translation.
//
// Free text (Msg::FreeText: what engine_core/runtime, engine_core/builder and kernels still throw,
// and the builder's warnings and progress lines) goes through the fallback: a table of sentence
// patterns (regex -> tr() template with %1..%n). A sentence no pattern knows keeps its English,
// after the translated error kind ("不支持：...") — the only English a user can still meet.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <exception>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/engine.h"
#include "engine_core/common/error.h"
#include "engine_core/common/message.h"
#include "profiler/accuracy.h"

namespace kiln::studio {

class LibraryText {
    Q_DECLARE_TR_FUNCTIONS(kiln::studio::LibraryText)
public:
    static QString errorKind(kiln::ErrorKind kind);
    // A library message in the current language, by its id (free text: through the patterns).
    // In English, exactly the library's text(). Safe to call from worker threads.
    static QString message(const kiln::Message& m);
    // Whether the message translates fully: every id and nested message has a template, and every
    // free-text line is a sentence the pattern table knows.
    static bool knows(const kiln::Message& m);
    // Free text: a library sentence (or several, one a line) in the current language; a sentence no
    // pattern knows comes back unchanged.
    static QString message(const QString& text);
    static QString message(const std::string& text) { return message(QString::fromStdString(text)); }
    // Whether every line of `text` is a sentence the pattern table knows.
    static bool knows(const QString& text);
    // An exception caught at the GUI boundary, as one translated message. kiln::Error: its
    // message(), or the translated kind before the English detail when the message does not
    // translate fully (only when the kind has a translation, so English stays the library's text).
    static QString error(const std::exception& e);
    static QString error(kiln::ErrorKind kind, const kiln::Message& m);
    static QString error(kiln::ErrorKind kind, const QString& text);
    // The catalogue's tr() source template for an id (library_messages.cpp); nullptr for
    // Msg::FreeText. messageTemplate: that template in the current language.
    static const char* messageSource(kiln::Msg id);
    static QString messageTemplate(kiln::Msg id);
    // Build progress: the phase's title, and the one-line summary a phase ends with
    // ("12 nodes", "12 -> 8 nodes", "8 layers, 1234 bytes of weights").
    static QString phase(kiln::BuildPhase phase);
    static QString phaseSummary(const QString& summary) { return message(summary); }
    // Optimizer pass stages and fusion/rewrite report names (engine_core/passes), tactic names
    // (kernel registry, "reference", "direct_loop", ...), and comparison statuses. Unknown names
    // (a plugin's tactic, a new pass) come back as they are.
    static QString passName(const QString& name);
    static QString tactic(const QString& name);
    static QString comparisonStatus(kiln::ComparisonStatus status);
    // An engine layer's tensor format as tensorFormatName() writes it ("linear", "nhwc"), for the
    // screen: "linear" in words, a layout's letters upper-case ("NHWC").
    static QString format(const QString& name);
    static QString format(std::string_view name) { return format(QString::fromUtf8(name.data(), qsizetype(name.size()))); }
    // An engine layer's kind (kernel, plugin, copy between devices), in words.
    static QString layerKind(kiln::LayerKind kind);
    // A calibrator as an engine and a calibration cache record it (calibratorTag(): "minmax",
    // "entropy", "percentile-99.99"), in words; an unknown tag comes back as it is.
    static QString calibrator(const QString& tag);
    // Patterns of the table that do not compile or whose captures and argument kinds disagree (tests).
    static QStringList brokenPatterns();
};

}  // namespace kiln::studio
