// LibraryText: the GUI's translation layer for text that engine_core, kernels and the profiler
// produce in English (kiln::Error messages, importer warnings, build progress summaries, pass,
// fusion and tactic names, ErrorKind names, comparison statuses). The libraries stay free of Qt
// and of translations; here a table of sentence patterns (regex -> tr() template with %1..%n) turns
// a library sentence into the current language, keeping the names it embeds (files, nodes,
// tensors, fields, shapes) verbatim. Parts of a sentence that are themselves library sentences
// (the detail after "'model.onnx': node 'x' (index 3, Conv): ...") are translated recursively.
// A kiln::Error whose sentence no pattern knows keeps its English detail, after the translated
// error kind ("不支持：...") — the only English a user can still meet.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <exception>

#include "engine_core/builder/builder.h"
#include "engine_core/common/error.h"
#include "profiler/accuracy.h"

namespace kiln::studio {

class LibraryText {
    Q_DECLARE_TR_FUNCTIONS(kiln::studio::LibraryText)
public:
    static QString errorKind(kiln::ErrorKind kind);
    // A library sentence (or several, one a line) in the current language; a sentence no pattern
    // knows comes back unchanged. Safe to call from worker threads.
    static QString message(const QString& text);
    static QString message(const std::string& text) { return message(QString::fromStdString(text)); }
    // Whether every line of `text` is a sentence the table knows.
    static bool knows(const QString& text);
    // An exception caught at the GUI boundary, as one translated message. kiln::Error: message(),
    // or the translated kind before the English detail when no pattern knows the sentence (only
    // when the kind has a translation, so English stays exactly the library's text).
    static QString error(const std::exception& e);
    static QString error(kiln::ErrorKind kind, const QString& text);
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
    // A calibrator as an engine and a calibration cache record it (calibratorTag(): "minmax",
    // "entropy", "percentile-99.99"), in words; an unknown tag comes back as it is.
    static QString calibrator(const QString& tag);
    // Patterns of the table that do not compile or whose captures and argument kinds disagree (tests).
    static QStringList brokenPatterns();
};

}  // namespace kiln::studio
